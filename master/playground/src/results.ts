/** The results panel: a job's progress, each test's verdict, output, score, time and memory, its groups, and errors. */
import type { ApiError } from './api.js';
import { el } from './dom.js';
import type { GroupResult, JobView, ProgressEvent, TestCaseResult } from './types.js';

export function formatMemory(kb: number | null | undefined): string {
  if (kb === null || kb === undefined) return '–';
  return kb >= 10_240 ? `${(kb / 1024).toFixed(1)} MiB` : `${kb} KiB`;
}

export function formatTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : `${ms} ms`;
}

/** A score as a person reads it: at most 3 decimals, no trailing zeros. */
export function formatScore(score: number | undefined, of: number | undefined): string {
  if (score === undefined || of === undefined) return '–';
  const number = (value: number) => String(Number(value.toFixed(3)));
  return `${number(score)}/${number(of)}`;
}

export class ResultsView {
  private rows: HTMLTableRowElement[] = [];

  constructor(
    private readonly status: HTMLElement,
    private readonly progress: HTMLProgressElement,
    private readonly body: HTMLElement,
  ) {}

  /** A fresh run of `count` tests (0: one run with stdin). */
  start(count: number): void {
    this.body.replaceChildren();
    this.rows = [];
    this.progress.value = 0;
    this.progress.hidden = false;
    this.say('Submitting…');
    if (count > 0) {
      const table = el('table', { class: 'tests' },
        el('caption', {}, 'Tests'),
        el('thead', {}, el('tr', {}, ...['#', 'Verdict', 'Output', 'Score', 'Time', 'CPU', 'Memory'].map((name) => el('th', { scope: 'col' }, name)))),
      );
      const tbody = el('tbody');
      for (let index = 0; index < count; index++) {
        const row = el('tr', { 'data-state': 'pending' }, el('th', { scope: 'row' }, String(index + 1)), el('td', { class: 'verdict' }, 'pending'));
        row.append(el('td', { class: 'output' }), el('td', { class: 'score' }), el('td', { class: 'time' }), el('td', { class: 'cpu' }), el('td', { class: 'memory' }));
        tbody.append(row);
        this.rows.push(row);
      }
      table.append(tbody);
      this.body.append(table);
    }
  }

  say(text: string): void {
    this.status.textContent = text;
  }

  onProgress(event: ProgressEvent): void {
    this.progress.value = event.progress;
    this.say(`${event.status === 'queued' ? 'Queued' : 'Running'}… ${event.progress}%`);
    if (event.test) this.showTest(event.test.index, event.test);
  }

  finish(job: JobView): void {
    this.progress.value = 100;
    this.progress.hidden = true;
    const summary = job.total ? `${job.passed ?? 0}/${job.total} passed` : '';
    const score = job.maxScore !== undefined && job.total ? `score ${formatScore(job.score, job.maxScore)}` : '';
    this.say([job.status === 'failed' ? 'Failed' : 'Done', job.verdict, summary, score, formatTime(job.executionTime)].filter(Boolean).join(' · '));
    job.testCases?.forEach((test, index) => this.showTest(index, test));
    if (job.groups?.length) this.groups(job.groups);
    if (job.compile && !job.compile.success) this.block('Compiler output', job.compile.output || job.error || '');
    else if (job.checkerCompile && !job.checkerCompile.success) this.block('Checker compiler output', job.checkerCompile.output);
    else if (job.error) this.block(job.status === 'failed' ? 'Error' : 'Standard error', job.error);
    if (!job.testCases?.length) {
      this.block('Output', job.output ?? '');
      this.body.append(el('p', { class: 'measures' }, `verdict ${job.verdict ?? '–'} · exit ${job.exitCode ?? '–'} · CPU ${formatTime(job.cpuTimeMs)} · memory ${formatMemory(job.memoryKb)}`));
    }
  }

  fail(error: ApiError): void {
    this.progress.hidden = true;
    this.say('');
    const field = error.field ? el('p', {}, 'Field: ', el('code', {}, error.field)) : null;
    this.body.replaceChildren(el('div', { class: 'error', role: 'alert' }, el('strong', {}, error.code), el('p', {}, error.message), field));
  }

  private showTest(index: number, test: TestCaseResult): void {
    const row = this.rows[index];
    if (!row) return;
    row.dataset.state = 'done';
    row.dataset.verdict = test.verdict;
    const cell = (name: string) => row.querySelector<HTMLElement>(`.${name}`)!;
    cell('verdict').textContent = test.verdict;
    const output = test.hidden ? 'hidden' : (test.actualOutput ?? '') + (test.stderr ? `\n${test.stderr}` : '');
    const message = test.checkerMessage ? el('pre', { class: 'checker-message' }, test.checkerMessage) : null;
    cell('output').replaceChildren(el('pre', {}, output), message ?? '');
    cell('score').textContent = formatScore(test.score, test.points);
    cell('time').textContent = formatTime(test.executionTime);
    cell('cpu').textContent = formatTime(test.cpuTimeMs);
    cell('memory').textContent = formatMemory(test.memoryKb);
  }

  private groups(groups: GroupResult[]): void {
    const rows = groups.map((group) =>
      el('tr', { 'data-passed': String(group.passed) },
        el('th', { scope: 'row' }, group.group),
        el('td', { class: 'score' }, formatScore(group.score, group.points)),
        el('td', {}, group.tests.map((index) => index + 1).join(', '))),
    );
    this.body.append(el('table', { class: 'tests groups' },
      el('caption', {}, 'Groups'),
      el('thead', {}, el('tr', {}, ...['Group', 'Score', 'Tests'].map((name) => el('th', { scope: 'col' }, name)))),
      el('tbody', {}, ...rows)));
  }

  private block(title: string, text: string): void {
    this.body.append(el('h3', {}, title), el('pre', { class: 'block' }, text));
  }
}
