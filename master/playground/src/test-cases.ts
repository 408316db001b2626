/** The test case rows: an input and an expected output each, added and removed by the user. */
import { el } from './dom.js';
import type { TestCase } from './types.js';

export class TestCaseList {
  private readonly rows: { row: HTMLElement; input: HTMLTextAreaElement; expected: HTMLTextAreaElement }[] = [];

  constructor(private readonly container: HTMLElement) {}

  add(test: TestCase = { input: '', expected: '' }): void {
    const input = el('textarea', { rows: '2', spellcheck: 'false' });
    const expected = el('textarea', { rows: '2', spellcheck: 'false' });
    input.value = test.input;
    expected.value = test.expected;
    const remove = el('button', { type: 'button', class: 'remove' }, 'Remove');
    const inputLabel = el('label', {}, el('span', { class: 'label-text' }), input);
    const expectedLabel = el('label', {}, el('span', { class: 'label-text' }), expected);
    const row = el('li', { class: 'test-case' }, inputLabel, expectedLabel, remove);
    const entry = { row, input, expected };
    remove.addEventListener('click', () => {
      this.rows.splice(this.rows.indexOf(entry), 1);
      row.remove();
      this.renumber();
    });
    this.rows.push(entry);
    this.container.append(row);
    this.renumber();
  }

  get tests(): TestCase[] {
    return this.rows.map(({ input, expected }) => ({ input: input.value, expected: expected.value }));
  }

  /** Labels say which test they belong to ("Input of test 2"), for screen readers and tests. */
  private renumber(): void {
    this.rows.forEach(({ row }, index) => {
      const [inputText, expectedText] = row.querySelectorAll('.label-text');
      inputText!.textContent = `Input of test ${index + 1}`;
      expectedText!.textContent = `Expected output of test ${index + 1}`;
      row.querySelector('.remove')!.setAttribute('aria-label', `Remove test ${index + 1}`);
    });
  }
}
