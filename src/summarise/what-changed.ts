/** "What changed": one line per reported figure that differs from the known value. */
import type { Brief } from '../config/schema.js';
import { describeChange } from '../facts/index.js';
import type { FactChange } from '../facts/types.js';

/** One line per differing figure, worded by the facts module, in the story's language. */
export function whatChanged(changes: readonly FactChange[], brief: Brief, lang: 'en' | 'es'): string[] {
  return changes.filter((c) => c.status === 'differs').map((c) => describeChange(c, brief, lang));
}
