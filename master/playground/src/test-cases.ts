/** The test case rows: an input, an expected output, points and a group each, added and removed by the user. */
import { el } from './dom.js';
import type { TestCase } from './types.js';

interface Row {
  row: HTMLElement;
  input: HTMLTextAreaElement;
  expected: HTMLTextAreaElement;
  points: HTMLInputElement;
  group: HTMLInputElement;
}

export class TestCaseList {
  private readonly rows: Row[] = [];

  constructor(private readonly container: HTMLElement) {}

  add(test: TestCase = { input: '', expected: '' }): void {
    const input = el('textarea', { rows: '2', spellcheck: 'false' });
    const expected = el('textarea', { rows: '2', spellcheck: 'false' });
    // Left empty: the API's defaults (1 point, no group).
    const points = el('input', { type: 'number', min: '0', step: 'any', placeholder: '1', class: 'points' });
    const group = el('input', { type: 'text', maxlength: '64', spellcheck: 'false', class: 'group' });
    input.value = test.input;
    expected.value = test.expected;
    points.value = test.points === undefined ? '' : String(test.points);
    group.value = test.group ?? '';
    const remove = el('button', { type: 'button', class: 'remove' }, 'Remove');
    const labelled = (field: HTMLElement) => el('label', {}, el('span', { class: 'label-text' }), field);
    const row = el('li', { class: 'test-case' }, labelled(input), labelled(expected), labelled(points), labelled(group), remove);
    const entry = { row, input, expected, points, group };
    remove.addEventListener('click', () => {
      this.rows.splice(this.rows.indexOf(entry), 1);
      row.remove();
      this.renumber();
    });
    this.rows.push(entry);
    this.container.append(row);
    this.renumber();
  }

  /** The tests as the API takes them; a points value that is no number is sent as typed, for the API to name. */
  get tests(): TestCase[] {
    return this.rows.map(({ input, expected, points, group }) => ({
      input: input.value,
      expected: expected.value,
      ...(points.value.trim() === '' ? {} : { points: points.valueAsNumber }),
      ...(group.value === '' ? {} : { group: group.value }),
    }));
  }

  /** Labels say which test they belong to ("Input of test 2"), for screen readers and tests. */
  private renumber(): void {
    this.rows.forEach(({ row }, index) => {
      const texts = row.querySelectorAll('.label-text');
      ['Input', 'Expected output', 'Points', 'Group'].forEach((name, field) => (texts[field]!.textContent = `${name} of test ${index + 1}`));
      row.querySelector('.remove')!.setAttribute('aria-label', `Remove test ${index + 1}`);
    });
  }
}
