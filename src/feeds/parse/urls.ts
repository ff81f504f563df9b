/** URL helpers of the parser: resolving relative references against the base in scope. */

/** True for an absolute URL with a scheme (`https:`, `mailto:`, `tag:`). */
export function isAbsoluteUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(value);
}

/**
 * Resolves `ref` against `base`. Returns `ref` unchanged when it is already absolute, when no
 * usable base is known, or when the pair cannot be resolved (a malformed reference stays as
 * written rather than being lost).
 */
export function resolveUrl(ref: string, base: string | null | undefined): string {
  if (ref === '' && !base) return ref;
  if (isAbsoluteUrl(ref) && !/^https?:[^/]/i.test(ref)) return ref;
  if (!base || !isAbsoluteUrl(base)) {
    // Two relative references: join them as paths so later resolution still works.
    if (base && ref !== '' && !ref.startsWith('/') && !ref.startsWith('#') && !ref.startsWith('?')) {
      return base.replace(/[^/]*$/, '') + ref;
    }
    return ref === '' && base ? base : ref;
  }
  try {
    return new URL(ref, base).href;
  } catch {
    return ref;
  }
}
