/** Peak resident memory over one phase of the benchmark, sampled every few milliseconds. */

export interface RssTracker {
  /** Stops sampling; returns the peak RSS seen, in bytes. */
  stop(): number;
}

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

export const MB = 1024 * 1024;
