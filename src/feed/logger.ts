/** Where the feed says what it is doing. Failures are warnings, never errors: the widget goes on. */
export interface Logger {
  warn(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
}

const PREFIX = '[regime-widget]';

/**
 * The console, prefixed, with `debug` lines only while `verbose()` says so.
 * @example consoleLogger(() => element.hasAttribute('debug'))
 */
export function consoleLogger(verbose: () => boolean = () => false, tag = ''): Logger {
  const prefix = tag ? `${PREFIX} ${tag}` : PREFIX;
  return {
    warn: (message, ...details) => console.warn(`${prefix} ${message}`, ...details),
    info: (message, ...details) => console.info(`${prefix} ${message}`, ...details),
    debug: (message, ...details) => {
      if (verbose()) console.debug(`${prefix} ${message}`, ...details);
    },
  };
}

let tracingWidgets = 0;

/** A widget with `debug` traces the shared connections too, while it lives; returns the undo. */
export function traceShared(): () => void {
  tracingWidgets++;
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    tracingWidgets--;
  };
}

/** The logger of what widgets share: connections and polls. */
export const sharedLogger: Logger = consoleLogger(() => tracingWidgets > 0);
