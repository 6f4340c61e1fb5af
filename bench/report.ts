/**
 * The benchmark's table: one row per figure, ours against the naive baseline and the ratio, with
 * the target where the issue sets one. Printed, and written as results.md and results.json.
 */

export interface Row {
  section: string;
  metric: string;
  ours: number | null;
  naive: number | null;
  /** Decimals to show. */
  digits?: number;
  /** The target, in words, and whether ours meets it. */
  target?: { text: string; met: boolean };
  /** No ratio for this row (a count of 0, a yes/no). */
  noRatio?: boolean;
}

function fmt(value: number | null, digits = 1): string {
  if (value === null || Number.isNaN(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(row: Row): string {
  if (row.noRatio || row.ours === null || row.naive === null || row.naive === 0) return '';
  return `${(row.ours / row.naive).toFixed(2)}×`;
}

function cells(row: Row): string[] {
  return [
    row.section,
    row.metric,
    fmt(row.ours, row.digits),
    fmt(row.naive, row.digits),
    ratio(row),
    row.target ? `${row.target.met ? 'met' : 'MISSED'}: ${row.target.text}` : '',
  ];
}

const HEADER = ['', 'figure', 'ours', 'naive', 'ours/naive', 'target'];

/** A Markdown table (also readable as plain text). */
export function markdownTable(rows: readonly Row[]): string {
  const lines = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...lines.map((line) => (line[i] as string).length)));
  const line = (values: string[]) =>
    `| ${values.map((v, i) => (i >= 2 && i <= 4 ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i >= 2 && i <= 4 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(HEADER), rule, ...rows.map((row) => line(cells(row)))].join('\n');
}
