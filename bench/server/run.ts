/**
 * `npm run bench:server`: how many widgets the served backend holds, on loopback, stopping by itself.
 * A single node without Redis is the baseline; then two nodes on one Redis behind nginx. Simulated
 * widgets (socket.io-client, the widget's protocol) are added in steps, spread over 32 keys, while a
 * source ingests one update per key per second; a step holds when every update reaches every
 * subscriber (nothing lost) with ingest→client p99 under 250 ms. Then one node of the two is killed,
 * once with the widget's reconnection and once with socket.io-client's default: how long until every
 * client is live again, and the peak of reconnection attempts per second. Prints the tables and
 * writes bench/server/results.md.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { routeKey, type RegimeUpdate } from '../../src/contract/index.js';
import { BURST_KEYS as KEYS } from '../../server/src/burst.js';
import { closedPort } from '../../scripts/loopback.js';
import { startNodeProcess, type NodeProcess } from '../../scripts/node-process.js';
import { startRedis, type RedisServer } from '../../scripts/redis-server.js';
import { startNginx, type Nginx } from './nginx.js';
import type { FleetReply, FleetRequest, Strategy } from './protocol.js';
import { table } from './table.js';

const QUICK = process.argv.includes('--quick');
/** Clients at each step; the run stops stepping at the first that does not hold. */
const STEPS = QUICK ? [500, 1000] : [1000, 2000, 3000, 4000, 5000, 6000, 7000];
/** Updates per second over all keys: one per key per second. */
const INGEST_PER_SECOND = KEYS.length;
const MEASURE_MS = QUICK ? 4000 : 8000;
/** Between the last client of a step going live and the window: connections settle, code warms up. */
const SETTLE_MS = 3000;
/** After the window: time for the last updates to arrive before they count as lost. */
const GRACE_MS = 2000;
const P99_LIMIT_MS = 250;
/** Processes the simulated widgets are spread over. */
const FLEETS = 2;
const CONNECT_LIMIT_MS = 60_000;
const RECOVERY_LIMIT_MS = 60_000;
const DEADLINE_MS = 20 * 60_000;
const TOKEN = 'bench-ingest-token';
const RESULTS = fileURLToPath(new URL('results.md', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The path of a Debian program, installed when missing (scripts/ensure-tool.sh). */
function ensure(program: string, debianPackage: string, variable: string): string {
  const script = fileURLToPath(new URL('../../scripts/ensure-tool.sh', import.meta.url));
  return execFileSync('bash', [script, program, debianPackage, variable], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/** Resident memory of a process, in bytes. */
function rss(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** CPU time a process has used, in ms (user and system, from /proc). */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** A fleet process and a way to ask it something and wait for its answer. */
class Fleet {
  #child: ChildProcess;
  #waiting: ((reply: FleetReply) => void)[] = [];

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (reply: FleetReply) => this.#waiting.shift()?.(reply));
  }

  static async start(): Promise<Fleet> {
    const child = fork(fileURLToPath(new URL('fleet.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const fleet = new Fleet(child);
    await new Promise<void>((resolve) => fleet.#waiting.push(() => resolve()));
    return fleet;
  }

  ask<T extends FleetReply['type']>(request: FleetRequest): Promise<Extract<FleetReply, { type: T }>> {
    return new Promise((resolve) => {
      this.#waiting.push((reply) => resolve(reply as Extract<FleetReply, { type: T }>));
      this.#child.send(request);
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    await this.ask<'closed'>({ type: 'close' });
    await exited;
  }
}

/** A source posting one update per key per second in batches every 100 ms; remembers what was accepted. */
class Source {
  #timer: NodeJS.Timeout | undefined;
  #last = new Map<string, number>();
  #n = 0;
  /** Accepted updates: route key → timestamps. */
  accepted = new Map<string, number[]>();
  failed = 0;

  start(url: string): void {
    const perBatch = INGEST_PER_SECOND / 10;
    this.#timer = setInterval(() => {
      const batch: RegimeUpdate[] = [];
      for (let i = 0; i < perBatch; i++) {
        const key = KEYS[this.#n++ % KEYS.length] as (typeof KEYS)[number];
        const id = routeKey(key);
        const timestamp = Math.max(Date.now(), (this.#last.get(id) ?? 0) + 1);
        this.#last.set(id, timestamp);
        batch.push({ ...key, regime: 'range', adx: 10 + (this.#n % 800) / 10, atrPct: 0.01, timestamp });
      }
      fetch(`${url}/api/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      }).then(
        (response) => {
          if (response.status !== 202) return void (this.failed += batch.length);
          for (const update of batch) {
            const id = routeKey(update);
            const times = this.accepted.get(id) ?? [];
            times.push(update.timestamp as number);
            this.accepted.set(id, times);
          }
        },
        () => (this.failed += batch.length),
      );
    }, 100);
  }

  /** Accepted updates of each key with a timestamp in [from, to]. */
  countIn(from: number, to: number): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [id, times] of this.accepted) counts.set(id, times.filter((t) => t >= from && t <= to).length);
    return counts;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

interface Step {
  clients: number;
  live: number;
  expected: number;
  lost: number;
  p50: number;
  p99: number;
  /** Resident memory of the nodes, summed, in bytes. */
  rss: number;
  /** CPU the nodes used during the window, summed, in % of one core. */
  cpu: number;
  holds: boolean;
}

interface Scenario {
  name: string;
  /** Where clients and the source connect. */
  url: string;
  nodes: NodeProcess[];
  stop(): Promise<void>;
}

async function everyoneLive(fleets: Fleet[], total: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const statuses = await Promise.all(fleets.map((f) => f.ask<'status'>({ type: 'status' })));
    const live = statuses.reduce((sum, s) => sum + s.live, 0);
    if (live >= total || Date.now() - started > CONNECT_LIMIT_MS) return live;
    await sleep(250);
  }
}

async function ramp(scenario: Scenario): Promise<{ steps: Step[]; idleRss: number }> {
  const idleRss = scenario.nodes.reduce((sum, node) => sum + rss(node.child.pid), 0);
  const fleets = await Promise.all(Array.from({ length: FLEETS }, () => Fleet.start()));
  const source = new Source();
  source.start(scenario.url);
  const steps: Step[] = [];
  let connected = 0;
  try {
    for (const clients of STEPS) {
      const add = clients - connected;
      await Promise.all(
        fleets.map((fleet, i) =>
          fleet.ask<'connecting'>({
            type: 'connect',
            url: scenario.url,
            keys: [...KEYS],
            count: Math.floor(add / FLEETS) + (i < add % FLEETS ? 1 : 0),
            strategy: 'widget',
          }),
        ),
      );
      connected = clients;
      const live = await everyoneLive(fleets, clients);
      const perKey: Record<string, number> = {};
      for (const status of await Promise.all(fleets.map((f) => f.ask<'status'>({ type: 'status' })))) {
        for (const [key, count] of Object.entries(status.perKey)) perKey[key] = (perKey[key] ?? 0) + count;
      }
      await sleep(SETTLE_MS);
      const from = Date.now() + 500;
      const to = from + MEASURE_MS;
      await Promise.all(fleets.map((f) => f.ask<'window-open'>({ type: 'window', from, to })));
      const nodesCpu = () => scenario.nodes.reduce((sum, node) => sum + cpuMs(node.child.pid), 0);
      await sleep(from - Date.now());
      const cpuBefore = nodesCpu();
      await sleep(to - Date.now());
      const cpu = ((nodesCpu() - cpuBefore) / MEASURE_MS) * 100;
      await sleep(GRACE_MS);
      const collected = await Promise.all(fleets.map((f) => f.ask<'collected'>({ type: 'collect' })));
      const sent = source.countIn(from, to);
      const expected = [...sent].reduce((sum, [id, count]) => sum + count * (perKey[id] ?? 0), 0);
      const received = collected.reduce(
        (sum, c) => sum + Object.values(c.received).reduce((a, b) => a + b, 0),
        0,
      );
      const latencies = collected.flatMap((c) => c.latencies).sort((a, b) => a - b);
      const step: Step = {
        clients,
        live,
        expected,
        lost: Math.max(0, expected - received),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        rss: scenario.nodes.reduce((sum, node) => sum + rss(node.child.pid), 0),
        cpu,
        holds: false,
      };
      step.holds = step.live === clients && step.lost === 0 && step.expected > 0 && step.p99 < P99_LIMIT_MS;
      if (source.failed > 0)
        console.log(`${scenario.name}: ${source.failed} updates refused by ingest so far`);
      steps.push(step);
      console.log(
        `${scenario.name}: ${clients} clients, ${live} live, ${step.lost} of ${expected} lost, ` +
          `p50 ${step.p50} ms, p99 ${step.p99} ms, nodes' CPU ${Math.round(cpu)}%: ${step.holds ? 'holds' : 'does not hold'}`,
      );
      if (!step.holds) break;
    }
  } finally {
    source.stop();
    await Promise.all(fleets.map((fleet) => fleet.close()));
  }
  return { steps, idleRss };
}

async function singleNode(): Promise<Scenario> {
  const node = await startNodeProcess(['--port', '0'], { INGEST_TOKEN: TOKEN, LOG_LEVEL: 'warn' });
  return { name: 'single node', url: node.url, nodes: [node], stop: () => node.kill() };
}

async function cluster(redis: RedisServer, nginxPath: string): Promise<Scenario> {
  const args = ['--port', '0', '--redis', redis.url];
  const nodes = [
    await startNodeProcess(args, { INGEST_TOKEN: TOKEN, LOG_LEVEL: 'warn' }),
    await startNodeProcess(args, { INGEST_TOKEN: TOKEN, LOG_LEVEL: 'warn' }),
  ];
  const nginx: Nginx = await startNginx(
    nginxPath,
    await closedPort(),
    nodes.map((n) => n.port),
  );
  return {
    name: '2 nodes + Redis',
    url: nginx.url,
    nodes,
    stop: async () => {
      await nginx.stop();
      await Promise.all(nodes.map((node) => node.kill()));
    },
  };
}

interface Failover {
  strategy: Strategy;
  clients: number;
  /** From the kill until every client is live again, ms; `null` when they were not within the limit. */
  recoveryMs: number | null;
  /** The most connection attempts in any one second after the kill. */
  peakPerSecond: number;
  attempts: number;
}

async function failover(scenario: Scenario, strategy: Strategy, clients: number): Promise<Failover> {
  const fleets = await Promise.all(Array.from({ length: FLEETS }, () => Fleet.start()));
  try {
    await Promise.all(
      fleets.map((fleet) =>
        fleet.ask<'connecting'>({
          type: 'connect',
          url: scenario.url,
          keys: [...KEYS],
          count: clients / FLEETS,
          strategy,
        }),
      ),
    );
    await everyoneLive(fleets, clients);
    await Promise.all(fleets.map((f) => f.ask<'watching'>({ type: 'watch' })));
    const killedAt = Date.now();
    await scenario.nodes[0]?.kill();
    let recoveries: Extract<FleetReply, { type: 'recovery' }>[] = [];
    let recoveryMs: number | null = null;
    while (Date.now() - killedAt < RECOVERY_LIMIT_MS) {
      await sleep(100);
      recoveries = await Promise.all(fleets.map((f) => f.ask<'recovery'>({ type: 'recovery' })));
      if (recoveries.reduce((sum, r) => sum + r.live, 0) === clients) {
        recoveryMs = Math.max(killedAt, ...recoveries.flatMap((r) => r.backLive)) - killedAt;
        break;
      }
    }
    const attempts = recoveries.flatMap((r) => r.attempts).sort((a, b) => a - b);
    let peakPerSecond = 0;
    for (let i = 0, j = 0; j < attempts.length; j++) {
      while ((attempts[j] as number) - (attempts[i] as number) >= 1000) i++;
      peakPerSecond = Math.max(peakPerSecond, j - i + 1);
    }
    console.log(
      `failover (${strategy}): ${clients} clients live again after ${recoveryMs ?? 'more than 60000'} ms, ` +
        `${attempts.length} attempts, peak ${peakPerSecond}/s`,
    );
    return { strategy, clients, recoveryMs, peakPerSecond, attempts: attempts.length };
  } finally {
    await Promise.all(fleets.map((fleet) => fleet.close()));
  }
}

/** The largest step that held, and its figures. */
function knee(steps: Step[], idleRss: number) {
  const held = steps.filter((s) => s.holds).at(-1);
  return {
    clients: held?.clients ?? 0,
    p50: held?.p50 ?? Number.NaN,
    p99: held?.p99 ?? Number.NaN,
    kbPer1000: held ? ((held.rss - idleRss) / held.clients / 1024) * 1000 : Number.NaN,
    last: steps.at(-1),
  };
}

async function main(): Promise<void> {
  process.env.REDIS_SERVER_PATH = ensure('redis-server', 'redis-server', 'REDIS_SERVER_PATH');
  const nginxPath = ensure('nginx', 'nginx-light', 'NGINX_PATH');
  const started = Date.now();
  const load = loadavg()[0] ?? 0;
  console.log(`bench:server on ${cpus().length} cores (load ${load.toFixed(2)})${QUICK ? ', quick' : ''}`);
  const redis = await startRedis();
  try {
    const single = await singleNode();
    const baseline = await ramp(single).finally(() => single.stop());
    const pair = await cluster(redis, nginxPath);
    const shared = await ramp(pair).finally(() => pair.stop());
    const failoverClients = Math.min(
      2000,
      Math.max(knee(shared.steps, shared.idleRss).clients, STEPS[0] as number),
    );
    const failovers: Failover[] = [];
    for (const strategy of ['widget', 'socket.io'] as const) {
      const fresh = await cluster(redis, nginxPath);
      failovers.push(await failover(fresh, strategy, failoverClients).finally(() => fresh.stop()));
    }
    const report = render(baseline, shared, failovers, {
      seconds: Math.round((Date.now() - started) / 1000),
      load: [load, loadavg()[0] ?? 0],
    });
    console.log(`\n${report}`);
    if (!QUICK) writeFileSync(RESULTS, `${report}\n`);
  } finally {
    await redis.stop();
  }
}

function render(
  baseline: { steps: Step[]; idleRss: number },
  shared: { steps: Step[]; idleRss: number },
  failovers: Failover[],
  meta: { seconds: number; load: [number, number] },
): string {
  const ms = (value: number) => (Number.isNaN(value) ? 'n/a' : `${value}`);
  const stepRows = (name: string, steps: Step[]) =>
    steps.map((s) => [
      name,
      `${s.clients}`,
      `${s.live}`,
      `${s.lost} / ${s.expected}`,
      ms(s.p50),
      ms(s.p99),
      `${Math.round(s.rss / 2 ** 20)}`,
      `${Math.round(s.cpu)}`,
      s.holds ? 'yes' : 'no',
    ]);
  const a = knee(baseline.steps, baseline.idleRss);
  const b = knee(shared.steps, shared.idleRss);
  const cap = (k: ReturnType<typeof knee>) =>
    k.last?.holds ? `${k.clients} (the last step tried)` : `${k.clients}`;
  return [
    `Steps (${INGEST_PER_SECOND} updates/s over ${KEYS.length} keys; each client on one key; ` +
      `${MEASURE_MS / 1000} s measured per step; ${meta.seconds} s in all; load ${meta.load[0].toFixed(1)} → ${meta.load[1].toFixed(1)}):`,
    '',
    table(
      [
        'setup',
        'clients',
        'live',
        'lost / expected',
        'p50 ms',
        'p99 ms',
        'nodes RSS MB',
        'nodes CPU %',
        'holds',
      ],
      [
        ...stepRows('single node, memory', baseline.steps),
        ...stepRows('2 nodes + Redis + nginx', shared.steps),
      ],
    ),
    '',
    table(
      ['', 'single node, memory (baseline)', '2 nodes + Redis + nginx'],
      [
        ['clients that hold (nothing lost, p99 < 250 ms)', cap(a), cap(b)],
        ['p50 / p99 at that load, ms', `${ms(a.p50)} / ${ms(a.p99)}`, `${ms(b.p50)} / ${ms(b.p99)}`],
        [
          'server memory per 1,000 connections',
          `${Math.round(a.kbPer1000 / 1024)} MB`,
          `${Math.round(b.kbPer1000 / 1024)} MB (both nodes)`,
        ],
      ],
    ),
    '',
    table(
      [
        'one of two nodes killed',
        'clients',
        'all live again after',
        'reconnection attempts',
        'peak attempts/s',
      ],
      failovers.map((f) => [
        f.strategy === 'widget' ? "the widget's jittered backoff" : "socket.io-client's default",
        `${f.clients}`,
        f.recoveryMs === null ? `> ${RECOVERY_LIMIT_MS / 1000} s` : `${(f.recoveryMs / 1000).toFixed(1)} s`,
        `${f.attempts}`,
        `${f.peakPerSecond}`,
      ]),
    ),
  ].join('\n');
}

const deadline = setTimeout(() => {
  console.error(`bench:server: not done after ${DEADLINE_MS / 60_000} minutes; stopping`);
  process.exit(2);
}, DEADLINE_MS);
deadline.unref();
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
