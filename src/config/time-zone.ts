/**
 * IANA time zone names as people type them: `america/el_salvador` and `America/El_Salvador` are
 * the same zone, `Mars/Olympus` is none. Digests are scheduled in these zones, so a name is
 * checked once, when it is configured or typed, rather than failing at the scheduled hour.
 */

/** Zone names this runtime lists, by lower-case name, to fix the case of a typed name. */
let listed: Map<string, string> | null = null;

/**
 * The zone's IANA spelling (`america/el_salvador` → `America/El_Salvador`), or null when it is
 * not a zone this runtime knows. A valid name the runtime's list spells differently (a newer
 * name such as `Asia/Kolkata`) is kept as typed rather than swapped for an older alias.
 */
export function canonicalTimeZone(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  // Offsets such as "+02:00" are accepted by Intl but follow no daylight-saving rule: not a place.
  if (!trimmed || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(trimmed)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  listed ??= new Map([...Intl.supportedValuesOf('timeZone'), 'UTC'].map((z) => [z.toLowerCase(), z]));
  const lower = trimmed.toLowerCase();
  return listed.get(lower) ?? (resolved.toLowerCase() === lower ? resolved : trimmed);
}

/** A time of day `H:MM` or `HH:MM` on a 24-hour clock as `HH:MM`, or null. */
export function parseTimeOfDay(text: string | null | undefined): string | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text?.trim() ?? '');
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : null;
}
