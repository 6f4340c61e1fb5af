/**
 * The Redis connections of one node, each set up for its job. ioredis reconnects by itself (at most
 * every 2 s) for as long as Redis is away; what differs is what a command does meanwhile.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * - `store`: reads and writes of the shared state fail at once while Redis is away, so a request gets
 *   its 503 now rather than a hang.
 * - `publish`, `subscribe`: the Socket.IO adapter's pair; their commands wait for the reconnection
 *   (the adapter does not handle a failed publish), and `subscribe` subscribes again by itself.
 */
export type RedisRole = 'store' | 'publish' | 'subscribe';

const RETRY_MAX_MS = 2000;

/**
 * @example const store = redisClient('redis://127.0.0.1:6379', 'store', log);
 */
export function redisClient(url: string, role: RedisRole, log: Logger): Redis {
  const failFast = role === 'store';
  const client = new Redis(url, {
    connectionName: `regime-widget-${role}`,
    enableOfflineQueue: !failFast,
    maxRetriesPerRequest: failFast ? 0 : null,
    retryStrategy: (attempt) => Math.min(attempt * 100, RETRY_MAX_MS),
  });
  // Each failed reconnection emits an error; the store's state says it once per outage.
  client.on('error', (error: Error) => log.debug({ role, err: error.message }, 'redis error'));
  return client;
}

/**
 * Closes a client after the commands already sent are answered (the adapter's last unsubscribes are
 * not awaited by it); one that is not connected is dropped at once.
 */
export async function closeClient(client: Redis): Promise<void> {
  if (client.status !== 'ready') return client.disconnect();
  await client.quit().catch(() => client.disconnect());
}
