/**
 * The subcommands of a beat's slash command, described once. Slack's help and usage lines, the
 * parser of both platforms' input, and Discord's command registration all read this list, so a
 * subcommand added here appears everywhere.
 */

/** A named option of a subcommand (Discord shows these; on Slack they are words after the name). */
export interface CommandOptionSpec {
  /** Lower-case, as Discord requires (`count`, `words`). */
  name: string;
  /** At most 100 characters (Discord's limit). */
  description: string;
  /** A boolean option is typed on Slack as its own name (`follow channel …`). */
  type: 'string' | 'integer' | 'boolean';
  required: boolean;
  /** Fixed values to pick from. */
  choices?: readonly string[];
  minValue?: number;
  maxValue?: number;
  maxLength?: number;
}

export interface SubcommandSpec {
  name: string;
  /** At most 100 characters (Discord's limit); also the help line. */
  description: string;
  /** How it is typed on Slack after the command (`latest [n]`). */
  usage: string;
  options: readonly CommandOptionSpec[];
  /** Only admins may run it (see `Caller.isAdmin`). */
  adminOnly: boolean;
  /** Values of the `action` option that only admins may run (`facts accept`); the rest is open. */
  adminActions?: readonly string[];
}

/** Whether running `spec` with these options takes an admin. */
export function needsAdmin(spec: SubcommandSpec, options: Readonly<Record<string, unknown>>): boolean {
  return spec.adminOnly || (spec.adminActions ?? []).includes(String(options.action ?? ''));
}

/** Stories `latest` lists at most. */
export const MAX_LATEST = 10;

/** Every subcommand, in the order help lists them. */
export const SUBCOMMAND_SPECS: readonly SubcommandSpec[] = [
  {
    name: 'stats',
    description: 'Known figures with source and date, figures that differ, how much is being written',
    usage: 'stats',
    options: [],
    adminOnly: false,
  },
  {
    name: 'latest',
    description: 'The most recent stories, one per event, with every outlet',
    usage: 'latest [n]',
    options: [
      {
        name: 'count',
        description: `How many stories (1–${MAX_LATEST}, default 5)`,
        type: 'integer',
        required: false,
        minValue: 1,
        maxValue: MAX_LATEST,
      },
    ],
    adminOnly: false,
  },
  {
    name: 'search',
    description: 'Stories that mention all the words (accents optional)',
    usage: 'search <words>',
    options: [
      { name: 'words', description: 'Words to look for', type: 'string', required: true, maxLength: 200 },
    ],
    adminOnly: false,
  },
  {
    name: 'facts',
    description: 'The known figures; admins: accept a reported figure as the known one',
    usage: 'facts [accept <metric> <value>]',
    options: [
      {
        name: 'action',
        description: 'accept: make a reported figure the known one',
        type: 'string',
        required: false,
        choices: ['accept'],
      },
      {
        name: 'metric',
        description: 'The metric id (as /cecot facts lists them)',
        type: 'string',
        required: false,
        maxLength: 64,
      },
      {
        name: 'value',
        description: 'The reported figure, e.g. 473 or 91,000',
        type: 'string',
        required: false,
        maxLength: 20,
      },
    ],
    adminOnly: false,
    adminActions: ['accept'],
  },
  {
    name: 'sources',
    description: 'Every feed with its health; admins: add, remove or resume a feed',
    usage: 'sources [add|remove|resume <url>]',
    options: [
      {
        name: 'action',
        description: 'add, remove or resume a feed',
        type: 'string',
        required: false,
        choices: ['add', 'remove', 'resume'],
      },
      { name: 'url', description: 'The feed URL', type: 'string', required: false, maxLength: 2000 },
    ],
    adminOnly: false,
    adminActions: ['add', 'remove', 'resume'],
  },
  {
    name: 'subscribe',
    description: "Post the beat's alerts in this channel (admins)",
    usage: 'subscribe',
    options: [],
    adminOnly: true,
  },
  {
    name: 'unsubscribe',
    description: "Stop posting the beat's alerts in this channel (admins)",
    usage: 'unsubscribe',
    options: [],
    adminOnly: true,
  },
  {
    name: 'follow',
    description: 'Alerts for stories matching words ("phrases", OR, -exclusions) or for one story id',
    usage: 'follow [channel] <keywords or story id>',
    options: [
      {
        name: 'keywords',
        description: 'Words, "a phrase", A OR B, -exclude, or a story id from latest',
        type: 'string',
        required: true,
        maxLength: 200,
      },
      {
        name: 'channel',
        description: 'For this channel instead of your direct messages (admins)',
        type: 'boolean',
        required: false,
      },
    ],
    adminOnly: false,
  },
  {
    name: 'unfollow',
    description: 'Stop a follow',
    usage: 'unfollow [channel] <keywords or story id>',
    options: [
      {
        name: 'keywords',
        description: 'The follow as `following` lists it',
        type: 'string',
        required: true,
        maxLength: 200,
      },
      {
        name: 'channel',
        description: "One of this channel's follows (admins)",
        type: 'boolean',
        required: false,
      },
    ],
    adminOnly: false,
  },
  {
    name: 'following',
    description: 'Your follows (or the channel’s) and your quiet hours',
    usage: 'following [channel]',
    options: [{ name: 'channel', description: "This channel's follows", type: 'boolean', required: false }],
    adminOnly: false,
  },
  {
    name: 'quiet',
    description: 'Hold your follow alerts during these hours every day, or turn that off',
    usage: 'quiet <HH:MM-HH:MM|off> [time zone]',
    options: [
      {
        name: 'hours',
        description: 'e.g. 22:00-07:00, or off',
        type: 'string',
        required: true,
        maxLength: 11,
      },
      {
        name: 'timezone',
        description: 'IANA time zone, e.g. America/El_Salvador (default: the beat’s)',
        type: 'string',
        required: false,
        maxLength: 64,
      },
    ],
    adminOnly: false,
  },
  {
    name: 'digest',
    description: "This channel's daily digest: post it now, or turn it on at a time or off (admins)",
    usage: 'digest now | on [HH:MM] [time zone] | off',
    options: [
      {
        name: 'action',
        description: 'now: post it here at once; on: every day at a time (admins); off: stop it (admins)',
        type: 'string',
        required: true,
        choices: ['now', 'on', 'off'],
      },
      {
        name: 'time',
        description: "For on: the time of day, HH:MM on a 24-hour clock (default the beat's)",
        type: 'string',
        required: false,
        maxLength: 20,
      },
      {
        name: 'timezone',
        description: "For on: an IANA time zone such as America/El_Salvador (default the beat's)",
        type: 'string',
        required: false,
        maxLength: 64,
      },
    ],
    // `now` is for everyone; `on` and `off` check admin rights themselves, to say that anyone
    // may still post it now (digest-command.ts).
    adminOnly: false,
  },
  {
    name: 'help',
    description: 'What each subcommand does',
    usage: 'help',
    options: [],
    adminOnly: false,
  },
];

/** The spec of a subcommand by name (case-insensitive), or undefined. */
export function subcommandSpec(name: string): SubcommandSpec | undefined {
  const lower = name.toLowerCase();
  return SUBCOMMAND_SPECS.find((s) => s.name === lower);
}
