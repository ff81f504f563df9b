/**
 * Feeds written for the reliability tests: distinct stories on the CECOT beat (each title carries
 * a unique five-letter reference, so a post at a fake chat API can be traced to its story) in
 * RSS 2.0, dated now so they are fresh enough to alert.
 */

const WORDS = `
harbour lantern orchard violin glacier meadow quarry saddle thimble walnut beacon canyon
ferry garnet hammock island jasmine kettle ledger marble nectar oyster pebble quill ribbon
saffron tundra umbrella velvet willow yarrow zephyr anchor bramble cobalt dune ember falcon
granite heron ivory juniper kelp lagoon mortar nutmeg osprey parsley quartz rafter sorrel
thistle urchin vapour wicker amber basalt cedar dahlia elm fennel gorse hazel indigo jackal
kiln larch mussel nettle onyx pewter quince rowan spruce tallow upland vetch wren acorn barley
cinder driftwood eyrie flint gable hemlock inlet jetty kestrel loam minnow newt otter pumice
reed shale turret vellum wharf alder bittern clover delta estuary fjord grotto heath ironwood
jute knoll lichen mallow nook oriole plover quay rill sedge tarn verdigris weir yew
`
  .trim()
  .split(/\s+/);

/** The reference of a synthetic story in a title or a post's headline, or null. */
export function refOf(text: string): string | null {
  return /CECOT ([A-Z]{5})\b/.exec(text)?.[1] ?? null;
}

/** A story to publish: its unique reference, title and summary. */
export interface SyntheticStory {
  ref: string;
  guid: string;
  title: string;
  summary: string;
}

/** Five capital letters from a number: AAAAA, AAAAB… (no digits, so no figure is read from it). */
export function letterRef(n: number): string {
  let out = '';
  let rest = n;
  for (let i = 0; i < 5; i++) {
    out = String.fromCharCode(65 + (rest % 26)) + out;
    rest = Math.floor(rest / 26);
  }
  return out;
}

function pick(random: () => number, count: number): string[] {
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(WORDS[Math.floor(random() * WORDS.length)]!);
  return [...chosen];
}

/** Story number `n`: on the beat (it names CECOT), worded unlike the others. */
export function syntheticStory(n: number, random: () => number): SyntheticStory {
  const ref = letterRef(n);
  const title = `CECOT ${ref} ${pick(random, 6).join(' ')}`;
  const summary = `Reporters at the CECOT prison in Tecoluca describe ${pick(random, 12).join(', ')}.`;
  return { ref, guid: `synthetic-${ref}`, title, summary };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An RSS 2.0 document of `stories`, newest first, each dated `publishedMs`. */
export function rssFeed(
  name: string,
  stories: ReadonlyArray<SyntheticStory & { publishedMs?: number }>,
  publishedMs = Date.now(),
): string {
  const items = stories
    .map(
      (s) => `    <item>
      <title>${escapeXml(s.title)}</title>
      <link>https://${name}.example/${s.guid}</link>
      <guid isPermaLink="false">${s.guid}</guid>
      <pubDate>${new Date(s.publishedMs ?? publishedMs).toUTCString()}</pubDate>
      <description>${escapeXml(s.summary)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(name)}</title>
    <link>https://${name}.example/</link>
    <description>Synthetic feed ${escapeXml(name)}</description>
${items}
  </channel>
</rss>
`;
}
