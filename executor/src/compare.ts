/**
 * The default output comparison: line endings (CRLF/LF), trailing whitespace on each line and
 * trailing blank lines are ignored; everything else must match exactly.
 */
export function normalizeLines(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

export function linesMatch(actual: string, expected: string): boolean {
  return normalizeLines(actual) === normalizeLines(expected);
}
