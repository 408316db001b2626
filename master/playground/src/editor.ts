/** The code editor: CodeMirror 6, with syntax for the languages a @codemirror/lang-* covers. */
import { Compartment, type Extension } from '@codemirror/state';
import { basicSetup, EditorView } from 'codemirror';

/**
 * Syntax by pack id, each loaded when first chosen (a chunk of its own: the page starts with the
 * editor alone); any other language is edited as plain text.
 */
const SYNTAX: Readonly<Record<string, () => Promise<Extension>>> = {
  python: async () => (await import('@codemirror/lang-python')).python(),
  javascript: async () => (await import('@codemirror/lang-javascript')).javascript(),
  typescript: async () => (await import('@codemirror/lang-javascript')).javascript({ typescript: true }),
  c: async () => (await import('@codemirror/lang-cpp')).cpp(),
  cpp: async () => (await import('@codemirror/lang-cpp')).cpp(),
  java: async () => (await import('@codemirror/lang-java')).java(),
  kotlin: async () => (await import('@codemirror/lang-java')).java(),
  csharp: async () => (await import('@codemirror/lang-java')).java(),
  rust: async () => (await import('@codemirror/lang-rust')).rust(),
  go: async () => (await import('@codemirror/lang-go')).go(),
};

export function hasSyntax(languageId: string): boolean {
  return languageId in SYNTAX;
}

export class CodeEditor {
  private readonly view: EditorView;
  private readonly syntax = new Compartment();
  private languageId = '';

  constructor(parent: HTMLElement, label: string) {
    this.view = new EditorView({
      parent,
      extensions: [
        basicSetup,
        this.syntax.of([]),
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
        EditorView.lineWrapping,
      ],
    });
  }

  get code(): string {
    return this.view.state.doc.toString();
  }

  set code(text: string) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  /** Switches the syntax; a load that another choice overtook is dropped. */
  async setLanguage(languageId: string): Promise<void> {
    this.languageId = languageId;
    const syntax = (await SYNTAX[languageId]?.().catch(() => undefined)) ?? [];
    if (this.languageId === languageId) this.view.dispatch({ effects: this.syntax.reconfigure(syntax) });
  }
}
