/**
 * A log of the `Intl` objects a test's code makes, by constructor: `new Intl.NumberFormat()` and
 * `Intl.NumberFormat()` alike. A page's first one starts ICU (tens of milliseconds:
 * bench/README.md, start-up), so the start-up tests count them.
 */
const NAMES = ['NumberFormat', 'DateTimeFormat', 'RelativeTimeFormat', 'PluralRules', 'Collator'] as const;
const originals = new Map(NAMES.map((name) => [name, Intl[name]]));

/**
 * Replaces the constructors with counting ones until `restoreIntl()`; returns the log, which the test
 * may write to as well.
 * @example const log = countIntl(); formatAdx('en', 1); expect(log).toEqual(['NumberFormat']);
 */
export function countIntl(): string[] {
  const log: string[] = [];
  for (const [name, original] of originals)
    Object.assign(Intl, {
      [name]: new Proxy(original, {
        construct(target, args: unknown[]) {
          log.push(name);
          return Reflect.construct(target, args) as object;
        },
        apply(target, self, args: unknown[]) {
          log.push(name);
          return Reflect.apply(target, self, args) as object;
        },
      }),
    });
  return log;
}

/** Puts the real constructors back. */
export function restoreIntl(): void {
  for (const [name, original] of originals) Object.assign(Intl, { [name]: original });
}
