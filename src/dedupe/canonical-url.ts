/**
 * Canonical article URLs: the same article reached through tracking links, AMP pages, mobile
 * hosts, `http`/`https`, `www.` or a trailing slash must compare equal, because outlets and
 * aggregators hand out every one of these variants for one story. The result is a comparison
 * key, not a link to show: it is never fetched and may differ from any URL an outlet serves.
 */

/** Query parameters that only track a click or a campaign; matched on the lower-cased name. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'igsh',
  'ref',
  'ref_src',
  'ref_url',
  'referrer',
  '_ga',
  '_gl',
  'cmpid',
  'cmp',
  'ocid',
  'sr_share',
  'smid',
  'smtyp',
  'partner',
  's_cid',
  'at_medium',
  'at_campaign',
  'at_custom1',
  'at_custom2',
  'at_custom3',
  'at_custom4',
  'spm',
  'share',
  'via',
  'mkt_tok',
  '_hsenc',
  '_hsmi',
  'hss_channel',
  'wt.mc_id',
  'wt_mc',
  'ito',
  'ns_mchannel',
  'ns_source',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
  'rss',
  'amp',
  '__twitter_impression',
  'fb_action_ids',
  'fb_action_types',
  'fb_source',
]);

/** Parameter name prefixes that always track (utm_source, utm_medium, pk_campaign, …). */
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_', 'vero_', 'oly_'];

/** Host prefixes that serve the same articles as the bare host. */
const MIRROR_HOST_PREFIXES = ['www.', 'amp.', 'm.', 'mobile.'];

function isTrackingParam(name: string, value: string): boolean {
  const key = name.toLowerCase();
  if (TRACKING_PARAMS.has(key)) return true;
  if (TRACKING_PREFIXES.some((p) => key.startsWith(p))) return true;
  // `outputType=amp` (and friends) selects the AMP rendering of the same article.
  if ((key === 'outputtype' || key === 'output' || key === 'format') && value.toLowerCase() === 'amp')
    return true;
  return false;
}

function stripMirrorHost(host: string): string {
  let h = host.replace(/\.$/, '');
  // Repeated: `www.m.example.com` and `amp.www.example.com` exist in the wild.
  for (let changed = true; changed; ) {
    changed = false;
    for (const prefix of MIRROR_HOST_PREFIXES) {
      // Keep at least a registrable-looking name (one dot) after stripping: `m.co` stays.
      if (h.startsWith(prefix) && h.slice(prefix.length).includes('.')) {
        h = h.slice(prefix.length);
        changed = true;
      }
    }
  }
  return h;
}

function canonicalPath(pathname: string): string {
  let path = pathname.replace(/\/{2,}/g, '/');
  // Percent-escapes compare case-insensitively; upper-case them so `%c3%a1` equals `%C3%A1`.
  path = path.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
  path = path.replace(/\.amp\.html?$/i, '.html');
  path = path.replace(/\.amp$/i, '');
  // `/amp` as the last segment (`/story/amp`, `/story/amp/`) or the first (`/amp/story`).
  path = path.replace(/\/amp\/?$/i, '/');
  path = path.replace(/^\/amp\//i, '/');
  path = path.replace(/\/index\.(html?|php|aspx?)$/i, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  return path === '/' ? '' : path;
}

/** Google's AMP cache wraps the publisher URL: `https://x.cdn.ampproject.org/c/s/example.com/a`. */
function unwrapAmpCache(url: URL): URL {
  if (!url.hostname.endsWith('.cdn.ampproject.org')) return url;
  const m = /^\/[cvi]\/(s\/)?([^/]+\.[^/]+(?:\/.*)?)$/i.exec(url.pathname);
  if (!m?.[2]) return url;
  try {
    return new URL(`${m[1] ? 'https' : 'http'}://${m[2]}${url.search}`);
  } catch {
    return url;
  }
}

/** `raw` as an absolute http(s) URL, or null when it is not one. */
function httpUrl(raw: string | null | undefined): URL | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * An article URL as its outlet served it, minus the tracking parameters {@link canonicalUrl}
 * drops (`utm_*`, `fbclid`, …): a link to show, where the comparison key would not do. Null when
 * `raw` is not an absolute http(s) URL. Host, path, fragment and the other parameters are kept.
 */
export function withoutTrackingParams(raw: string | null | undefined): string | null {
  const url = httpUrl(raw);
  if (!url) return null;
  const tracking = [...url.searchParams].filter(([name, value]) => isTrackingParam(name, value));
  if (tracking.length === 0) return url.href;
  const kept = [...url.searchParams].filter(([name, value]) => !isTrackingParam(name, value));
  url.search = kept.length > 0 ? new URLSearchParams(kept).toString() : '';
  return url.href;
}

/**
 * The comparison key of an article URL, or null when `raw` is not an absolute http(s) URL.
 *
 * Decisions: the scheme is always `https` (outlets serve both); `www.`, `m.`, `mobile.` and
 * `amp.` host prefixes are dropped; default ports, fragments, trailing slashes, `index.html`,
 * AMP path forms and tracking parameters are removed; the remaining query parameters are sorted
 * (by name, then value) because their order never changes the article.
 */
export function canonicalUrl(raw: string | null | undefined): string | null {
  const parsed = httpUrl(raw);
  if (!parsed) return null;
  const url = unwrapAmpCache(parsed);
  const host = stripMirrorHost(url.hostname.toLowerCase());
  if (!host) return null;
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  const kept: [string, string][] = [];
  for (const [name, value] of url.searchParams) {
    if (!isTrackingParam(name, value)) kept.push([name, value]);
  }
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const query = kept.length > 0 ? `?${new URLSearchParams(kept).toString()}` : '';
  return `https://${host}${port}${canonicalPath(url.pathname)}${query}`;
}
