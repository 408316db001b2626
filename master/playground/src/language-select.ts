/** A language choice filled from GET /languages: every language, python chosen where there is one. */
import type { Language } from './types.js';

export function fillLanguageSelect(select: HTMLSelectElement, languages: readonly Language[]): void {
  select.replaceChildren(...languages.map((language) => new Option(`${language.displayName} (${language.version})`, language.id)));
  select.value = languages.some((language) => language.id === 'python') ? 'python' : (languages[0]?.id ?? '');
}
