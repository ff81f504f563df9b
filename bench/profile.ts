/**
 * Where analysis time goes: a CPU profile of the analyser over a slice of the synthetic items,
 * reduced to the functions with the most self time. Uses the inspector built into Node.
 */
import { Session } from 'node:inspector/promises';
import { createAnalyser } from '../src/analysis.js';
import type { Topic } from '../src/config/schema.js';
import { syntheticItems } from './synthetic.js';

export interface HotSpot {
  /** Function name and file (relative to src/). */
  where: string;
  selfMs: number;
  share: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export async function profileAnalyse(topic: Topic, count: number, top = 8): Promise<HotSpot[]> {
  const items = syntheticItems(count, 99);
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    const analyser = createAnalyser(topic);
    for (const input of items) analyser.analyse(input);
    const { profile } = (await session.post('Profiler.stop')) as {
      profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    };
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id);
      const us = profile.timeDeltas[i] ?? 0;
      total += us;
      if (!node) return;
      const { functionName, url } = node.callFrame;
      // Native frames without a script are the profiler's own plumbing, except the collector.
      if (!url && functionName !== '(garbage collector)') return;
      const file = url.includes('/src/')
        ? url.slice(url.lastIndexOf('/src/') + 5)
        : url.split('/').pop() || '(native)';
      const key = `${functionName || '(anonymous)'} — ${file}`;
      self.set(key, (self.get(key) ?? 0) + us);
    });
    return [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, us]) => ({ where, selfMs: us / 1000, share: total > 0 ? us / total : 0 }));
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}
