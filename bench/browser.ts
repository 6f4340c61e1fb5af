/**
 * Chromium for the benchmark: Debian's build, launched with the flags of playwright.config.ts, and
 * the DevTools Protocol calls the figures come from (CPU metrics, garbage collection, heap).
 */
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.js';

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/** A fresh context and page, with a DevTools session on it. */
export interface BenchPage {
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  viewport = { width: 1280, height: 720 },
): Promise<BenchPage> {
  const context: BrowserContext = await browser.newContext({ viewport });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp, close: () => context.close() };
}

/** Chromium's own counters (`Performance.getMetrics`): durations in seconds, Timestamp in seconds. */
export async function cpuMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** The JS heap in use after two full garbage collections, in bytes. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** DOM nodes and event listeners alive in the page. */
export async function domCounters(cdp: CDPSession): Promise<{ nodes: number; listeners: number }> {
  const counters = await cdp.send('Memory.getDOMCounters');
  return { nodes: counters.nodes, listeners: counters.jsEventListeners };
}
