/** How the tests are judged: a built-in checker, a checker program or an interactor of the user's own (README "Problems with many answers"). */
import { byId } from './dom.js';
import { fillLanguageSelect } from './language-select.js';
import type { ExecuteRequest, Language } from './types.js';

export type JudgingMode = 'builtin' | 'checker' | 'interactor';

/** Each mode's starting program: testlib's argv (input.txt output.txt answer.txt) and exit codes. */
const STARTERS: Record<Exclude<JudgingMode, 'builtin'>, string> = {
  checker: `import sys
# argv: input.txt output.txt answer.txt. Exit 0 accepted, 1 wrong answer, 2 presentation error;
# print "score F" (F in [0, 1]) and exit 7 for partial credit.
got = open(sys.argv[2]).read().split()
want = open(sys.argv[3]).read().split()
if got == want:
    sys.exit(0)
print(f"expected {' '.join(want)}, found {' '.join(got)}")
sys.exit(1)
`,
  interactor: `import sys
# Talks with the solution on stdin/stdout; input.txt is the test's input. Messages go to stderr.
secret = int(open(sys.argv[1]).read())
print("guess", flush=True)
guess = sys.stdin.readline().strip()
print(f"guessed {guess}", file=sys.stderr)
sys.exit(0 if guess == str(secret) else 1)
`,
};

export class JudgingPanel {
  private readonly modeSelect = byId<HTMLSelectElement>('judging');
  private readonly languageSelect = byId<HTMLSelectElement>('judging-language');
  private readonly codeInput = byId<HTMLTextAreaElement>('judging-code');
  private readonly programPanel = byId<HTMLElement>('judging-program');

  constructor() {
    this.modeSelect.addEventListener('change', () => this.show());
    this.show();
  }

  get mode(): JudgingMode {
    return this.modeSelect.value as JudgingMode;
  }

  /** Fills the language choice. */
  setLanguages(languages: readonly Language[]): void {
    fillLanguageSelect(this.languageSelect, languages);
  }

  /** The request's checker or interactor field, if any. */
  fields(): Pick<ExecuteRequest, 'checker' | 'interactor'> {
    const program = { language: this.languageSelect.value, code: this.codeInput.value };
    if (this.mode === 'checker') return { checker: { type: 'program', ...program } };
    if (this.mode === 'interactor') return { interactor: program };
    return {};
  }

  private show(): void {
    const mode = this.mode;
    this.programPanel.hidden = mode === 'builtin';
    if (mode !== 'builtin' && (this.codeInput.value === '' || Object.values(STARTERS).includes(this.codeInput.value))) this.codeInput.value = STARTERS[mode];
  }
}
