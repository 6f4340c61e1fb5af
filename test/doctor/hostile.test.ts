/**
 * The doctor against a hostile backend: what a server sends is shown, never obeyed (no control
 * character reaches the terminal), bodies are read up to a cap with the memory that takes, and no
 * value of a server's choosing crashes the process or makes its output as large as itself.
 */
import { describe, it, type ExpectStatic } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/doctor/check.js';
import { MAX_OTHER_KEYS } from '../../src/doctor/checks/protocol.js';
import { endlessBody, startHostileServer } from './hostile-server.js';
import { closedPort, diagnose, LOADED_MACHINE_MS, regimeWidget, type Run } from './run.js';

/** Clears the screen, homes the cursor, sets the title and the clipboard, and fakes a line. */
const ESCAPES = '\u001b[2J\u001b[H\u001b]0;owned\u0007\u001b]52;c;ZXZpbA==\u0007\rPASS  all\n\u009b31m\u202e';
/** A label of at most 32 characters that the contract accepts, and that is all escape sequences. */
const LABEL = '\u001b[2J\u001b[HPASS\u009b2J\u202e';

/**
 * Where the terminal controls in an output are: C0 bytes but the newline and DEL, read byte by byte;
 * C1 and the bidi controls, read as the UTF-8 they are written in.
 */
function controlsIn(bytes: Buffer): string[] {
  const c0 = [...bytes.entries()].filter(([, byte]) => (byte < 0x20 && byte !== 0x0a) || byte === 0x7f);
  const wide = [...bytes.toString('utf8').matchAll(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g)];
  return [
    ...c0.map(([at, byte]) => `0x${byte.toString(16)} at byte ${at}`),
    ...wide.map((match) => `U+${match[0].charCodeAt(0).toString(16)} at character ${match.index}`),
  ];
}

/** The doctor against a hostile server's socket and REST. */
const diagnoseAt = (url: string, ...more: string[]) =>
  diagnose(['--ws', url, '--api', `${url}/api`, '--timeout', '2s', ...more]);

function expectNoControls(expect: ExpectStatic, run: Run): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    expect(controlsIn(run.bytes[stream]), `${stream}:\n${run[stream]}`).toEqual([]);
  }
}

describe('doctor: a hostile server', { timeout: LOADED_MACHINE_MS }, () => {
  /** The doctor's lines and its --json against `url`, both without a terminal control in them. */
  async function bothOutputs(expect: ExpectStatic, url: string): Promise<{ lines: Run; json: Run }> {
    const args = ['doctor', '--ws', url, '--api', `${url}/api`, '--timeout', '2s'];
    const [lines, json] = await Promise.all([regimeWidget(args), regimeWidget([...args, '--json'])]);
    for (const run of [lines, json]) expectNoControls(expect, run);
    return { lines, json };
  }

  it('escape sequences in every string of its REST, events and acknowledgements reach the terminal written out', async ({
    expect,
    onTestFinished,
  }) => {
    const url = await startHostileServer(onTestFinished, {
      rest: (req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (path === '/api/regime') {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: ESCAPES, message: ESCAPES } }));
        } else if (path === '/api/health') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ESCAPES }));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' }).end(`${ESCAPES} is not JSON`);
        }
      },
      onSubscribe: (socket, ack) => {
        ack({ ok: ESCAPES });
        const update = { regime: LABEL, adx: 20, atrPct: 0.01, timestamp: Date.now() };
        socket.emit('regime', { symbol: 'BTCUSDT', timeframe: '1h', ...update });
        socket.emit('regime', { symbol: ESCAPES, timeframe: '1h', ...update });
      },
    });
    const { lines, json } = await bothOutputs(expect, url);
    // The values are there, written out: the regime's label, the REST error, the other key.
    expect(lines.stdout).toContain('\\u001b[2J\\u001b[HPASS\\u009b2J\\u202e');
    expect(lines.stdout).toMatch(/rest-regime .*"\\u001b\[2J\\u001b\[H\\u001b\]0;owned\\u0007/);
    expect(lines.stdout).toMatch(/other-keys .*\\u001b\]52;c;ZXZpbA==\\u0007\\u000dPASS/);
    // The JSON is still JSON, and says the same.
    const report = JSON.parse(json.stdout) as { checks: { id: string; data?: { update?: unknown } }[] };
    expect(report.checks.find((check) => check.id === 'regime')?.data?.update).toMatchObject({
      regime: LABEL,
    });
  });

  it("escape sequences in allowRequest's refusal reach the terminal written out", async ({
    expect,
    onTestFinished,
  }) => {
    const url = await startHostileServer(onTestFinished, { refuseHandshake: ESCAPES });
    const { lines } = await bothOutputs(expect, url);
    expect(lines.stdout).toContain('refused: "\\u001b[2J');
  });

  it("escape sequences in a middleware's refusal reach the terminal written out", async ({
    expect,
    onTestFinished,
  }) => {
    const url = await startHostileServer(onTestFinished, { refuseNamespace: ESCAPES });
    const { lines } = await bothOutputs(expect, url);
    expect(lines.stdout).toContain('middleware or connect handler: "\\u001b[2J');
  });

  it(`an endless REST body: read up to ${MAX_BODY_BYTES} bytes, said so, with the memory that takes`, async ({
    expect,
    onTestFinished,
  }) => {
    const url = await startHostileServer(onTestFinished, { rest: endlessBody });
    const run = await diagnose(['--ws', await closedPort(), '--api', `${url}/api`, '--timeout', '5s']);
    expect(run.report.verdict).toMatchObject({ mode: 'offline', exitCode: 2 });
    for (const id of ['rest-regime', 'rest-history'] as const) {
      expect(run.check(id).evidence).toMatch(new RegExp(`body larger than ${MAX_BODY_BYTES} bytes$`));
    }
    // Measured here: about 100 MB (Node alone: 66 MB); without the cap, 520 MB in 5 s.
    expect(run.peakBytes).toBeLessThan(160 * 1024 * 1024);
  });

  it('symbol {"toString": 1} in an event: no crash, a verdict, the key shown for what it is', async ({
    expect,
    onTestFinished,
  }) => {
    const url = await startHostileServer(onTestFinished, {
      onSubscribe: (socket, ack) => {
        ack({ ok: true });
        const update = { regime: 'range', adx: 20, atrPct: 0.01, timestamp: Date.now() };
        socket.emit('regime', { symbol: { toString: 1 }, timeframe: { valueOf: 1 }, ...update });
        socket.emit('regime', { symbol: 'BTCUSDT', timeframe: '1h', ...update });
      },
    });
    const run = await diagnoseAt(url);
    expect(run.stderr).toBe('');
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      exitCode: 1,
      failed: ['rest-regime', 'rest-history'],
    });
    expect(run.check('other-keys').evidence).toContain('keys not subscribed (an object an object)');
  });

  it('error.code {"toString": 1} in the subscribe ack: no crash, the refusal shown', async ({
    expect,
    onTestFinished,
  }) => {
    const url = await startHostileServer(onTestFinished, {
      onSubscribe: (_socket, ack) =>
        ack({ ok: false, error: { code: { toString: 1 }, message: ['a', 'b'] } }),
    });
    const run = await diagnoseAt(url);
    expect(run.stderr).toBe('');
    expect(run.report.verdict).toMatchObject({ mode: 'offline', exitCode: 2 });
    expect(run.check('subscribe').evidence).toContain('refused in');
    expect(run.check('subscribe').evidence).toContain('(an object: an array)');
  });

  it('20,000 invented keys: the other-keys line and its map stay short', async ({
    expect,
    onTestFinished,
  }) => {
    const url = await startHostileServer(onTestFinished, {
      onSubscribe: (socket, ack) => {
        ack({ ok: true });
        const update = { timeframe: '1h', regime: 'range', adx: 20, atrPct: 0.01, timestamp: Date.now() };
        for (let i = 0; i < 20_000; i++) socket.emit('regime', { symbol: `FAKE${i}USDT`, ...update });
        socket.emit('regime', { symbol: 'BTCUSDT', ...update });
      },
    });
    const run = await diagnoseAt(url, '--timeout', '5s');
    const others = run.check('other-keys');
    expect(others.evidence).toMatch(/^20000 event\(s\) for keys not subscribed \(FAKE0USDT 1h, /);
    expect(others.evidence).toContain(`${MAX_OTHER_KEYS - 5} more keys`);
    expect(others.evidence.length).toBeLessThan(400);
    expect(Object.keys(others.data?.keys as object)).toHaveLength(MAX_OTHER_KEYS);
    expect(run.stdout.length).toBeLessThan(20_000);
  });

  it('a CONNECT_ERROR with no data at all (socket.io-client throws on it): no crash, "refused without a reason"', async ({
    expect,
    onTestFinished,
  }) => {
    const url = await startHostileServer(onTestFinished, { bareRefusal: '/bare' });
    const run = await diagnoseAt(url, '--namespace', '/bare');
    expect(run.stderr).toBe('');
    expect(run.report.verdict).toMatchObject({
      mode: 'offline',
      exitCode: 2,
      cause: '/bare refused without a reason',
    });
    expect(run.check('namespace').evidence).toMatch(
      /^\/bare refused without a reason \(an empty CONNECT_ERROR\); /,
    );
  });

  it("payloads that do not fit: the fixes point to the README's sections, never to a file the user does not have", async ({
    expect,
    onTestFinished,
  }) => {
    const url = await startHostileServer(onTestFinished, {
      rest: (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"fine"}'),
      onSubscribe: (socket, ack) => {
        ack({ ok: true });
        socket.emit('regime', {
          symbol: 'BTCUSDT',
          timeframe: '1h',
          regime: 'range',
          adx: 500,
          atrPct: 0.01,
          timestamp: 1,
        });
      },
    });
    const run = await regimeWidget(['doctor', '--ws', url, '--api', `${url}/api`, '--timeout', '2s']);
    expect(run.stdout).toMatch(
      /fix: Send regime payloads that fit RegimeUpdate \(the README's "Data it accepts" section\)/,
    );
    expect(run.stdout).toMatch(
      /fix: Make GET \/regime answer .* as the README's "The backend it needs" section says/,
    );
    expect(run.stdout).not.toMatch(/[\w-]+\.md\b|\b(src|demo|docs|test)\//);
  });
});
