/**
 * What the benchmark and its fleets of simulated widgets say to each other over IPC.
 */
import type { SubscriptionKey } from '../../src/contract/index.js';

/** How a simulated widget reconnects after losing its server: the widget's backoff, or socket.io's. */
export type Strategy = 'widget' | 'socket.io';

export type FleetRequest =
  | { type: 'connect'; url: string; keys: SubscriptionKey[]; count: number; strategy: Strategy }
  | { type: 'status' }
  /** Count the updates whose timestamp falls in [from, to], and their latency. */
  | { type: 'window'; from: number; to: number }
  | { type: 'collect' }
  /** Start recording connection attempts and returns to live. */
  | { type: 'watch' }
  | { type: 'recovery' }
  | { type: 'close' };

export type FleetReply =
  | { type: 'ready' }
  | { type: 'connecting'; total: number }
  | { type: 'status'; total: number; live: number; perKey: Record<string, number> }
  | { type: 'window-open' }
  | { type: 'collected'; latencies: number[]; received: Record<string, number> }
  | { type: 'watching' }
  | { type: 'recovery'; live: number; total: number; attempts: number[]; backLive: number[] }
  | { type: 'closed' };
