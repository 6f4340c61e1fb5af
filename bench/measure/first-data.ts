/**
 * Time to first data: one widget whose socket is reachable, refused (a closed port) or black-holed
 * (a port that accepts and never answers), with REST on the reference server. Measured in the page,
 * from navigation start and from the moment the bundle had run, to the first ADX value in the DOM,
 * in any engine (scripts/engines).
 */
import { probe, type BenchContext } from '../context.js';
import type { Engine } from '../../scripts/engines/index.js';
import { closedPort, startBlackHole } from '../../scripts/loopback.js';
import { pageHtml, widgetMarkup, type Impl } from '../impls.js';
import { quantile } from './latency.js';

export type SocketCase = 'reachable' | 'closed' | 'black-holed';

export interface FirstDataResult {
  runs: number;
  /** Median ms from navigation start to the first ADX value shown. */
  fromNavigationMs: number;
  /** Median ms from the end of the bundle's evaluation to the first ADX value shown. */
  fromScriptMs: number;
  worstFromScriptMs: number;
}

export async function measureFirstData(
  ctx: BenchContext,
  engine: Engine,
  impl: Impl,
  socket: SocketCase,
  runs = 5,
): Promise<FirstDataResult> {
  const server = await ctx.server();
  const blackHole = await startBlackHole();
  const wsUrl = {
    reachable: server.url,
    closed: `http://127.0.0.1:${await closedPort()}`,
    'black-holed': `http://127.0.0.1:${blackHole.port}`,
  }[socket];
  const fromNavigation: number[] = [];
  const fromScript: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const page = await engine.newPage();
      try {
        ctx.host.setPage(
          pageHtml(
            impl,
            widgetMarkup(impl, {
              key: { symbol: 'ETHUSDT', timeframe: '15m' },
              apiUrl: `${server.url}/api`,
              wsUrl,
            }),
            { probe: true },
          ),
        );
        await page.goto(`${ctx.host.origin}/`);
        await page.waitFor(
          () => (window as unknown as { __probe: { firstDomAt: number | null } }).__probe.firstDomAt !== null,
          undefined,
          { what: `${impl.name}: first data` },
        );
        const { firstDomAt } = await probe(page);
        const ran = await page.evaluate(
          () => performance.getEntriesByName('script-ran')[0]?.startTime ?? NaN,
        );
        fromNavigation.push(firstDomAt as number);
        fromScript.push((firstDomAt as number) - ran);
      } finally {
        await page.close();
      }
    }
  } finally {
    await blackHole.close();
    await server.close();
  }
  fromNavigation.sort((a, b) => a - b);
  fromScript.sort((a, b) => a - b);
  return {
    runs,
    fromNavigationMs: quantile(fromNavigation, 0.5),
    fromScriptMs: quantile(fromScript, 0.5),
    worstFromScriptMs: fromScript.at(-1) ?? NaN,
  };
}
