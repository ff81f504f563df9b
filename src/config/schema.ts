/**
 * The one schema for beatwatch's configuration: the YAML files under `config/` (main file, one
 * file per beat), the beat brief each topic points at, and the environment. `loadConfig()` is the
 * only reader of these files and of `process.env`.
 */
import { z } from 'zod';
import { canonicalTimeZone } from './time-zone.js';

const localised = z.object({ en: z.string(), es: z.string() }).partial();

/** How a reported figure relates to the number written: "more than 90,000", "about 8,000"… */
export const qualifierSchema = z.enum(['exact', 'more_than', 'at_least', 'about', 'fewer_than', 'up_to']);
export type Qualifier = z.infer<typeof qualifierSchema>;

/** True for `YYYY-MM-DD` naming a day that exists (not 2026-02-30). */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isoDate = z.string().refine(isCalendarDate, {
  error: (issue) => `expected a date that exists, as YYYY-MM-DD (got "${String(issue.input)}")`,
});

/**
 * The words that tie a figure to a metric, in any of the beat's languages. Words compare folded
 * (case and accents ignored) with plurals folded; a word ending in `*` matches any word it begins.
 */
export const metricVocabularySchema = z.object({
  /** Words naming the metric next to the figure: "detained", "detenidos", "died", "muertes". */
  terms: z.array(z.string().min(1)).default([]),
  /**
   * Words that name the metric only when no other metric's word claims the figure: "detainees"
   * are counted by detentions, unless the clause says they were released or died.
   */
  weak: z.array(z.string().min(1)).default([]),
  /** When given, one of these must appear in the same sentence ("prison" for deaths in custody). */
  context: z.array(z.string().min(1)).default([]),
  /**
   * Words that make every figure of their clause a part rather than the running total: one
   * operation, one day, one year ("in 2025 alone", "en el operativo").
   */
  partial: z.array(z.string().min(1)).default([]),
  /** None of these may sit near the figure, within eight words in its clause ("swap" rules out "released"). */
  exclude: z.array(z.string().min(1)).default([]),
});
export type MetricVocabulary = z.infer<typeof metricVocabularySchema>;

export const metricSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'metric ids are lower_snake_case'),
  label: localised,
  /** A short name for one-line summaries ("Deaths in custody"); defaults to `label`. */
  short: localised.optional(),
  unit: z.string().default('people'),
  vocabulary: metricVocabularySchema.optional(),
});
export type Metric = z.infer<typeof metricSchema>;

export const knownFactSchema = z.object({
  metric: z.string(),
  /** null when the beat tracks the metric but holds no number for it yet. */
  value: z.number().nonnegative().nullable(),
  qualifier: qualifierSchema.default('exact'),
  asOf: isoDate,
  /** Who published the figure: the brief's body, or the outlets that reported it. */
  source: z.string().min(1),
  /** Whose figure the outlets said it is, when that is not `source` ("Socorro Jurídico Humanitario"). */
  attributedTo: z.string().min(1).optional(),
  note: localised.optional(),
});
export type KnownFact = z.infer<typeof knownFactSchema>;

export const entitySchema = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
});
export type Entity = z.infer<typeof entitySchema>;

/** A beat brief (`seeds/<topic>.yaml`): what the beat already knows, in our own words. */
export const briefSchema = z
  .object({
    topic: z.string(),
    asOf: isoDate,
    summary: localised.default({}),
    metrics: z.array(metricSchema).min(1),
    facts: z.array(knownFactSchema).default([]),
    entities: z
      .object({
        people: z.array(entitySchema).default([]),
        places: z.array(entitySchema).default([]),
        organisations: z.array(entitySchema).default([]),
        phrases: z.array(entitySchema).default([]),
      })
      .default({ people: [], places: [], organisations: [], phrases: [] }),
  })
  .superRefine((brief, ctx) => {
    const ids = new Set(brief.metrics.map((m) => m.id));
    brief.facts.forEach((fact, i) => {
      if (!ids.has(fact.metric)) {
        ctx.addIssue({
          code: 'custom',
          path: ['facts', i, 'metric'],
          message: `unknown metric "${fact.metric}" (known: ${[...ids].join(', ')})`,
        });
      }
    });
  });
export type Brief = z.infer<typeof briefSchema>;

export const feedSourceSchema = z.object({
  /** May carry `user:password@` for a feed behind basic auth; never shown with its password. */
  url: z.url({
    protocol: /^https?$/,
    error: 'a feed URL must be http or https (such as https://example.org/feed.xml)',
  }),
  name: z.string().min(1).optional(),
  /** Overrides the topic's poll interval for this feed. */
  pollIntervalMinutes: z.number().positive().optional(),
});
export type FeedSource = z.infer<typeof feedSourceSchema>;

export const matchRulesSchema = z.object({
  threshold: z.number().positive().default(2),
  strong: z.array(z.string().min(1)).default([]),
  weighted: z
    .array(
      z.object({
        term: z.string().min(1),
        weight: z.number(),
        /** Other spellings of this term for matching only (the brief's entity aliases also count). */
        aliases: z.array(z.string().min(1)).default([]),
      }),
    )
    .default([]),
  exclude: z.array(z.string().min(1)).default([]),
});
export type MatchRules = z.infer<typeof matchRulesSchema>;

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM');

/** An IANA time zone, stored in its usual spelling. */
const timeZone = z.string().transform((name, ctx) => {
  const zone = canonicalTimeZone(name);
  if (zone === null) {
    ctx.addIssue({
      code: 'custom',
      message: `"${name}" is not a known time zone; use an IANA name such as America/El_Salvador or UTC`,
    });
    return z.NEVER;
  }
  return zone;
});

/** On a day with no new story, a digest says so in one line (`line`) or is not sent (`skip`). */
export const quietDaySchema = z.enum(['line', 'skip']);
export type QuietDay = z.infer<typeof quietDaySchema>;

/** One beat file (`config/topics/<id>.yaml`) as written; `brief` is a path. */
export const topicFileSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'topic ids are lower-case words joined by hyphens'),
  name: z.string().min(1),
  command: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'slash command names are lower-case, at most 32 chars'),
  brief: z.string().min(1),
  languages: z.array(z.string().length(2)).default(['en']),
  pollIntervalMinutes: z.number().positive().default(15),
  feeds: z.array(feedSourceSchema).default([]),
  match: matchRulesSchema,
  /** When the daily digest goes out by default, and what a quiet day gets. */
  digest: z
    .object({ time: timeOfDay, timezone: timeZone, quietDay: quietDaySchema.default('line') })
    .default({ time: '08:00', timezone: 'UTC', quietDay: 'line' }),
  facts: z
    .object({
      /**
       * When a reported figure that differs from the known one replaces it: once two independent
       * outlets report it (`two-outlets`), or only when an admin accepts it (`admin`).
       */
      adopt: z.enum(['two-outlets', 'admin']).default('two-outlets'),
    })
    .default({ adopt: 'two-outlets' }),
});
export type TopicFile = z.infer<typeof topicFileSchema>;

/** A beat with its brief loaded: what the rest of the code receives. */
export type Topic = Omit<TopicFile, 'brief'> & { briefPath: string; brief: Brief };

export const fetchSettingsSchema = z.object({
  userAgent: z.string().min(1).default('beatwatch/0.1 (news beat monitor)'),
  connectTimeoutMs: z.number().int().positive().default(10_000),
  totalTimeoutMs: z.number().int().positive().default(30_000),
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  maxDecompressedBytes: z
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  allowPrivateNetworks: z.boolean().default(false),
});
export type FetchSettings = z.infer<typeof fetchSettingsSchema>;

/** How feeds are polled and what a poll hands to ingest (`poll:` in the main file). */
export const pollSettingsSchema = z.object({
  /** Longest wait between two polls of a failing feed (the backoff doubles up to it). */
  maxBackoffMinutes: z.number().positive().default(360),
  /** Consecutive failures after which a feed is paused until resumed by hand. */
  pauseAfterFailures: z.number().int().positive().default(10),
  /** Whether a new feed's first items are posted; by default they are only stored (no flood). */
  postOnFirstFetch: z.boolean().default(false),
  /**
   * Most new items taken from one poll of one feed, newest first. The older ones are skipped for
   * good (counted and logged): a feed listing more is an archive or hostile, and the cap bounds
   * the work one poll hands to ingest. The default holds the largest real feeds whole.
   */
  maxItemsPerPoll: z.number().int().positive().default(20_000),
  /** Longest item title kept, in characters; a longer one is cut at a word boundary and marked. */
  maxTitleChars: z.number().int().positive().default(1_000),
  /** Longest summary and longest content kept per item, in characters (each cut like a title). */
  maxTextChars: z.number().int().positive().default(100_000),
  /**
   * Items published longer ago than this before the poll that finds them (a feed adding an old
   * story, or republishing its archive) are stored but never alerted. Undated items are alerted.
   */
  maxAlertAgeDays: z.number().positive().default(3),
});
export type PollSettings = z.infer<typeof pollSettingsSchema>;

export const destinationSchema = z.object({
  id: z.string().min(1),
  type: z.enum(['console', 'slack', 'discord']),
  topics: z.array(z.string()).default([]),
  /** Slack channel id or Discord channel id; unused by `console`. */
  channel: z.string().optional(),
  /**
   * A daily digest of each beat in `topics`: `true` (read as `{}`) at the beat's `digest` time and
   * zone, or the time, zone or quiet-day rule to use instead; absent or `false`, none. Chat
   * channels choose theirs with `digest on`.
   */
  digest: z.preprocess(
    // `true`/`false` as shorthands, so a mistake inside the object is reported field by field.
    (value) => (value === true ? {} : value === false ? undefined : value),
    z
      .strictObject({
        time: timeOfDay.optional(),
        timezone: timeZone.optional(),
        quietDay: quietDaySchema.optional(),
      })
      .optional(),
  ),
});
export type DestinationConfig = z.infer<typeof destinationSchema>;

/** Chat settings that are not secrets (tokens come from the environment). */
export const chatSettingsSchema = z.object({
  slack: z
    .object({
      /** Slack user ids (`U…`, `W…`) who may run admin commands besides workspace admins and owners. */
      admins: z
        .array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids look like U0123ABCD'))
        .default([]),
    })
    .default({ admins: [] }),
});
export type ChatSettings = z.infer<typeof chatSettingsSchema>;

/** The main file (`config/default.yaml`) as written; `topics` are paths. */
export const mainFileSchema = z.object({
  redis: z.object({ keyPrefix: z.string().min(1).default('beatwatch') }).default({ keyPrefix: 'beatwatch' }),
  fetch: fetchSettingsSchema.default(fetchSettingsSchema.parse({})),
  poll: pollSettingsSchema.default(pollSettingsSchema.parse({})),
  retention: z.object({ days: z.number().positive().default(90) }).default({ days: 90 }),
  follows: z
    .object({
      /** New stories alerted to one follow per clock hour; the rest arrive as one roll-up. */
      maxPerHour: z.number().int().positive().default(5),
    })
    .default({ maxPerHour: 5 }),
  topics: z.array(z.string().min(1)).min(1, 'at least one topic file is needed'),
  destinations: z.array(destinationSchema).default([]),
  chat: chatSettingsSchema.default({ slack: { admins: [] } }),
});
export type MainFile = z.infer<typeof mainFileSchema>;

const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** The environment beatwatch reads: secrets and endpoints only. */
export const envSchema = z.object({
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  BEATWATCH_CONFIG: z.string().min(1).default('config/default.yaml'),
  BEATWATCH_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SLACK_BOT_TOKEN: optionalSecret,
  SLACK_APP_TOKEN: optionalSecret,
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_API_URL: optionalSecret,
  DISCORD_TOKEN: optionalSecret,
  DISCORD_APPLICATION_ID: optionalSecret,
  DISCORD_PUBLIC_KEY: optionalSecret,
  DISCORD_API_URL: optionalSecret,
});
export type Env = z.infer<typeof envSchema>;

/** Everything loaded and checked: the only configuration object the rest of the code sees. */
export interface Config {
  /** Absolute path of the main config file. */
  path: string;
  env: Env;
  redis: MainFile['redis'];
  fetch: FetchSettings;
  poll: MainFile['poll'];
  retention: MainFile['retention'];
  follows: MainFile['follows'];
  topics: Topic[];
  destinations: DestinationConfig[];
  chat: ChatSettings;
}

/** Names of environment variables whose values must never be printed or logged. */
export const SECRET_ENV_KEYS = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'DISCORD_TOKEN',
  'DISCORD_PUBLIC_KEY',
] as const;
