/**
 * Retry delays that stay random at their cap.
 *
 * socket.io's own backoff (backo2) clamps after applying its jitter, so every client that has
 * reached the cap retries at exactly the cap: after a server restart they arrive together. Here
 * the jitter is applied after the clamp ("equal jitter"): a delay is uniform in [ceiling / 2, ceiling].
 */
export interface BackoffPolicy {
  /** First ceiling, in ms. */
  base: number;
  /** Largest ceiling, in ms. */
  cap: number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry).
 * @example retryDelay(3, { base: 1000, cap: 5000 }, Math.random) // 2500..5000
 */
export function retryDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.cap, policy.base * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
