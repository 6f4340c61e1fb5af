/**
 * A Markdown table that reads as plain text too: the first column to the left, figures to the right.
 */

/** @example table(['setup', 'clients'], [['single node', '2000']]) */
export function table(header: string[], rows: string[][]): string {
  const lines = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...lines.map((line) => (line[i] ?? '').length)));
  const cell = (value: string, i: number) =>
    i === 0 ? value.padEnd(widths[i] as number) : value.padStart(widths[i] as number);
  const rule = widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`));
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${rule.join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}
