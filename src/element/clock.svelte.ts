/**
 * One ticking clock for every widget on the page (not a timer each), running only while some
 * widget shows an age.
 */
let now = $state(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export const clock = {
  /** The current time in ms, refreshed every second while in use. */
  get now(): number {
    return now;
  },
  /** Starts the clock for one more user; returns the release (for `$effect`). */
  use(): () => void {
    if (users++ === 0) {
      now = Date.now();
      timer = setInterval(() => (now = Date.now()), 1000);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--users === 0) {
        clearInterval(timer);
        timer = undefined;
      }
    };
  },
};
