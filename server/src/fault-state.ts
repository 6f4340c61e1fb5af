/**
 * The faults the server is showing now, changed by the demo's buttons and by tests, with the check of
 * what `POST /api/_faults` may set.
 */
import type { Checked } from '../../src/contract/index.js';
import { HEALTHY, type Faults } from './faults.js';

/** The longest `slowMs` accepted: slower than any client timeout worth testing. */
export const MAX_SLOW_MS = 60_000;

const CHOICES: { readonly [K in keyof Faults]?: readonly Faults[K][] } = {
  socket: ['ok', 'refuse'],
  rest: ['ok', 'error', 'slow', 'bad-shape', 'invalid-json'],
};

/** Checks a partial `Faults` from the network: known keys only, each with an allowed value. */
export function checkFaultPatch(input: unknown): Checked<Partial<Faults>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, reason: 'faults must be a JSON object' };
  }
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!Object.hasOwn(HEALTHY, key)) return { ok: false, reason: `unknown fault ${key}` };
    const reason = faultValueProblem(key as keyof Faults, value);
    if (reason) return { ok: false, reason };
    patch[key] = value;
  }
  return { ok: true, value: patch as Partial<Faults> };
}

function faultValueProblem(key: keyof Faults, value: unknown): string | undefined {
  const choices: readonly unknown[] | undefined = CHOICES[key];
  if (choices) return choices.includes(value) ? undefined : `${key} must be one of ${choices.join(', ')}`;
  if (key === 'slowMs') {
    const fits = Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_SLOW_MS;
    return fits ? undefined : `slowMs must be a whole number from 0 to ${MAX_SLOW_MS}`;
  }
  return typeof value === 'boolean' ? undefined : `${key} must be true or false`;
}

export type FaultListener = (faults: Readonly<Faults>, previous: Readonly<Faults>) => void;

/**
 * @example const faults = new FaultState(); faults.onChange((now) => log(now)); faults.set({ rest: 'slow' });
 */
export class FaultState {
  #faults: Faults = { ...HEALTHY };
  #listeners: FaultListener[] = [];

  /** A copy of the current faults. */
  get(): Faults {
    return { ...this.#faults };
  }

  /** Merges a patch; listeners hear about it once. */
  set(patch: Partial<Faults>): void {
    const previous = this.#faults;
    this.#faults = { ...previous, ...patch };
    for (const listener of this.#listeners) listener(this.get(), previous);
  }

  /** Back to a healthy server. */
  reset(): void {
    this.set(HEALTHY);
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  onChange(listener: FaultListener): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }
}
