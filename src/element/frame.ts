/**
 * One animation frame for every widget on the page: work queued during a frame runs once, at the
 * next frame, so a burst of updates costs one render per widget per frame.
 */
const queue = new Set<() => void>();
let scheduled = false;

function flush(): void {
  scheduled = false;
  const jobs = [...queue];
  queue.clear();
  for (const job of jobs) job();
}

/** Runs `job` at the next frame; the same job queued twice runs once. Returns the cancel. */
export function nextFrame(job: () => void): () => void {
  queue.add(job);
  if (!scheduled) {
    scheduled = true;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
    else setTimeout(flush, 16);
  }
  return () => queue.delete(job);
}
