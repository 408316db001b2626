/** The playground page: pick a language, edit, give stdin or tests, run, watch each test finish. */
import { Api, ApiError } from './api.js';
import { byId } from './dom.js';
import { CodeEditor, hasSyntax } from './editor.js';
import { JudgingPanel } from './judging.js';
import { fillLanguageSelect } from './language-select.js';
import { followJob } from './progress.js';
import { ResultsView } from './results.js';
import { isStarter, starterFor } from './starters.js';
import { TestCaseList } from './test-cases.js';
import type { ExecuteRequest, Language } from './types.js';

const languageSelect = byId<HTMLSelectElement>('language');
const languageNote = byId<HTMLElement>('language-note');
const keyInput = byId<HTMLInputElement>('api-key');
const stdinInput = byId<HTMLTextAreaElement>('stdin');
const runButton = byId<HTMLButtonElement>('run');
const modeInputs = [...document.querySelectorAll<HTMLInputElement>('input[name="mode"]')];

const api = new Api(() => keyInput.value);
const editor = new CodeEditor(byId('editor'), 'Code');
const tests = new TestCaseList(byId('test-cases'));
const judging = new JudgingPanel();
const results = new ResultsView(byId('status'), byId<HTMLProgressElement>('progress'), byId('results'));
let languages: Language[] = [];
let running: AbortController | undefined;

const mode = () => modeInputs.find((input) => input.checked)?.value ?? 'tests';

function showMode(): void {
  byId('tests-panel').hidden = mode() !== 'tests';
  byId('stdin-panel').hidden = mode() !== 'stdin';
}

function chooseLanguage(): void {
  const language = languages.find((entry) => entry.id === languageSelect.value);
  if (!language) return;
  if (isStarter(editor.code)) editor.code = starterFor(language.id);
  void editor.setLanguage(language.id);
  languageNote.textContent = `${language.displayName} ${language.version}${language.compiled ? ', compiled' : ''}${hasSyntax(language.id) ? '' : ', plain text editing'}`;
}

async function loadLanguages(): Promise<void> {
  try {
    languages = await api.languages();
  } catch (error) {
    results.fail(asApiError(error));
    return;
  }
  fillLanguageSelect(languageSelect, languages);
  languageSelect.disabled = languages.length === 0;
  runButton.disabled = languages.length === 0;
  judging.setLanguages(languages);
  chooseLanguage();
}

function request(): ExecuteRequest {
  const base = { code: editor.code, language: languageSelect.value };
  return mode() === 'tests' ? { ...base, testCases: tests.tests, ...judging.fields() } : { ...base, stdin: stdinInput.value };
}

async function run(): Promise<void> {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  const body = request();
  results.start(body.testCases?.length ?? 0);
  runButton.disabled = true;
  try {
    const { id } = await api.execute(body);
    results.say(`Queued (job ${id})…`);
    const job = await followJob(api, id, {
      onProgress: (event) => results.onProgress(event),
      onMode: (how) => byId('run-mode').textContent = how === 'events' ? 'live progress (events)' : 'progress by polling',
    }, controller.signal);
    results.finish(job);
  } catch (error) {
    if (!controller.signal.aborted) results.fail(asApiError(error));
  } finally {
    if (running === controller) runButton.disabled = false;
  }
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'ERROR', error instanceof Error ? error.message : String(error));
}

languageSelect.addEventListener('change', chooseLanguage);
for (const input of modeInputs) input.addEventListener('change', showMode);
byId('add-test').addEventListener('click', () => tests.add());
byId('run-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void run();
});
showMode();
void loadLanguages();
