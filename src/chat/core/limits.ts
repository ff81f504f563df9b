/**
 * Size limits. Builders keep messages within {@link MESSAGE_LIMITS} so one hostile or overlong
 * feed entry cannot blow up a message; each platform renderer then fits the message to its own
 * hard limits ({@link PLATFORM_LIMITS}, from Slack's and Discord's documentation).
 */

/** What the platform-neutral builders allow, whatever the platform. */
export const MESSAGE_LIMITS = {
  /** A message title (a story headline with a short prefix). */
  title: 200,
  /** One story title inside a section. */
  storyTitle: 180,
  /** One summary line. */
  summary: 300,
  /** Any other line. */
  line: 400,
  /** Outlet names. */
  outlet: 60,
  /** Link labels. */
  linkLabel: 80,
  /** Matched terms listed on an alert. */
  matchedTerms: 8,
  /** Story clusters listed in one digest; the rest are counted. */
  digestClusters: 8,
  /**
   * Characters of one digest section, a story or the figures (heading, lines, link labels and
   * URLs): within a Discord embed field (1,024) with room for the renderer's escaping.
   */
  digestSection: 900,
  /**
   * Characters of a whole digest, counted the same way: one Discord message (6,000 over all its
   * embeds) and well within Slack's 12,000.
   */
  digestTotal: 5500,
  /** Outlet links under one story. */
  linksPerStory: 10,
  /** Figure lines in one section. */
  figureLines: 10,
  /** Stories listed by `/… latest`. */
  latestStories: 10,
  /** Feeds listed by `/… sources`; the rest are counted. */
  sourcesListed: 20,
  /** The plain-text fallback of a whole message. */
  text: 3000,
} as const;

/** Hard limits of the chat platforms (see PLATFORMS.md); renderers enforce them. */
export const PLATFORM_LIMITS = {
  slack: {
    blocks: 50,
    sectionText: 3000,
    headerText: 150,
    fields: 10,
    fieldText: 2000,
    /** Slack rejects messages whose blocks add up to about this many characters. */
    totalBlocksText: 12_000,
  },
  discord: {
    content: 2000,
    embedTitle: 256,
    embedDescription: 4096,
    embedFields: 25,
    fieldName: 256,
    fieldValue: 1024,
    footer: 2048,
    embedsTotal: 6000,
    embeds: 10,
  },
  /** The terminal has no hard limit: these keep one hostile field from filling the screen. */
  console: {
    title: 300,
    heading: 300,
    line: 1000,
    linkLabel: 80,
  },
} as const;
