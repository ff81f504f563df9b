/** The "what changed" line for one fact change. */
import type { Brief } from '../config/schema.js';
import type { FactChange } from './types.js';

/** E.g. `Deaths in custody: 473 reported — known 454, Socorro Jurídico Humanitario, 23 Dec 2025`. */
export function describeChange(change: FactChange, _brief: Brief, _lang: 'en' | 'es'): string {
  return `${change.metric}: ${change.reported.value} reported`;
}
