/**
 * What a server sends is shown, never obeyed: its values become short text without calling anything
 * of theirs, and every line the doctor prints has its control characters written out as escapes, so
 * a server cannot clear the screen, fake a line, or set the title or the clipboard.
 */

/**
 * Control characters (C0, DEL, C1), and the invisible ones that reorder or break a line: bidi
 * overrides and isolates, line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, but for the line breaks and indentation of JSON that `JSON.stringify` wrote itself. */
const CONTROL_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escaped = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * A line for the terminal: every control character written as `\uXXXX`.
 * @example printable('\u001b[2Jok') // '\\u001b[2Jok'
 */
export function printable(text: string): string {
  return text.replace(CONTROL, escaped);
}

/**
 * A JSON text for the terminal. `JSON.stringify` escapes C0 inside strings but leaves DEL, C1 and
 * the bidi controls as they are; written as `\uXXXX` they are the same JSON.
 */
export function printableJson(json: string): string {
  return json.replace(CONTROL_IN_JSON, escaped);
}

/** The longest a server's string is shown, by default. */
export const SHOWN_CHARS = 120;

/**
 * `text` cut to `max` characters, saying how much more there was.
 * @example clipped('x'.repeat(500), 10) // 'xxxxxxxxxx… (490 more characters)'
 */
export function clipped(text: string, max = SHOWN_CHARS): string {
  const more = text.length - max;
  return more <= 0 ? text : `${text.slice(0, max)}… (${more} more character${more === 1 ? '' : 's'})`;
}

/**
 * Any value a server sent, as short text. Strings are clipped; objects are named by their kind, never
 * converted (a server's `{ "toString": 1 }` would throw).
 * @example shown({ toString: 1 }) // 'an object'
 */
export function shown(value: unknown, max = SHOWN_CHARS): string {
  if (typeof value === 'string') return clipped(value, max);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A value as JSON, clipped: for evidence lines that quote what a server sent.
 * @example json({ ok: true }) // '{"ok":true}'
 */
export function json(value: unknown, max = SHOWN_CHARS): string {
  return clipped(JSON.stringify(value) ?? 'nothing', max);
}

/** The longest JSON of a server's value that `--json`'s data carries as is. */
export const SAMPLE_CHARS = 4000;

/**
 * A server's value for the JSON report: as is when it is small, else its clipped JSON text, so a
 * hostile payload cannot make the report as large as itself.
 */
export function sample(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined || text.length <= SAMPLE_CHARS ? value : clipped(text, SAMPLE_CHARS);
}
