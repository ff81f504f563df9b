/**
 * Keys a config file holds that its schema does not know: a typo (`keyPrefx`, `nmae`) would
 * otherwise be dropped without a word and its setting silently left at the default. Found by
 * walking the value along the schema, so a key added to the schema is known here at once, and
 * reported with the nearest known key.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';

/** One key the schema does not know. */
export interface UnknownKey {
  /** Path of the unknown key itself, e.g. `['feeds', 0, 'nmae']`. */
  path: PropertyKey[];
  /** "unknown key "nmae" (did you mean "name"?)" or, with nothing near, the known keys. */
  message: string;
}

/** Wrappers whose inner schema describes the value (defaults, optionals, transforms…). */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = current.def as { innerType?: z.ZodType; in?: z.ZodType };
    const next = def.innerType ?? (current.type === 'pipe' ? def.in : undefined);
    if (!next) return current;
    current = next;
  }
}

/** How to say that `key` is unknown among `known`. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  if (known.length === 0) return `unknown key "${key}": nothing can be set here`;
  const nearest = closest(key, [...known]);
  // Near enough to be a typo: a third of the key's letters, at least two.
  const near = distance(key.toLowerCase(), nearest.toLowerCase()) <= Math.max(2, Math.ceil(key.length / 3));
  return near
    ? `unknown key "${key}" (did you mean "${nearest}"?)`
    : `unknown key "${key}" (known keys: ${known.join(', ')})`;
}

/**
 * Every key of `value` that `schema` does not know, at any depth. Objects that accept any key
 * (loose or strict ones, which report unknown keys themselves) are not looked into for them.
 */
export function findUnknownKeys(schema: z.ZodType, value: unknown, path: PropertyKey[] = []): UnknownKey[] {
  const inner = unwrap(schema);
  if (inner.type === 'array' && Array.isArray(value)) {
    const element = (inner as z.ZodArray<z.ZodType>).element;
    return value.flatMap((item, i) => findUnknownKeys(element, item, [...path, i]));
  }
  if (inner.type !== 'object' || value === null || typeof value !== 'object' || Array.isArray(value))
    return [];
  const object = inner as z.ZodObject;
  const shape = object.shape as Record<string, z.ZodType>;
  const known = Object.keys(shape);
  const out: UnknownKey[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childSchema = shape[key];
    if (childSchema) out.push(...findUnknownKeys(childSchema, child, [...path, key]));
    else if (object.def.catchall === undefined)
      out.push({ path: [...path, key], message: unknownKeyMessage(key, known) });
  }
  return out;
}
