/** Peak resident memory over one phase of the benchmark, sampled every few milliseconds. */

export interface RssTracker {
  /** Stops sampling; returns the peak RSS seen, in bytes. */
  stop(): number;
}

/** Samples this process's resident memory every `intervalMs` until stopped. */
export function trackPeakRss(intervalMs = 25): RssTracker {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/** Bytes in a mebibyte. */
export const MB = 1024 * 1024;
