/** Pulls numeric claims on a beat's tracked metrics out of text. */
import type { Brief } from '../config/schema.js';
import type { Claim } from './types.js';

/**
 * Finds figures in `text` that the words around them tie to one of the brief's metrics.
 * `lang` is detected when omitted.
 */
export function extractClaims(_text: string, _brief: Brief, _lang?: 'en' | 'es' | null): Claim[] {
  return [];
}
