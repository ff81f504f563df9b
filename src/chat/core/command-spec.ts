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
  type: 'string' | 'integer';
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
    description: 'The known figures only',
    usage: 'facts',
    options: [],
    adminOnly: false,
  },
  {
    name: 'sources',
    description: 'Every feed of the beat with its health',
    usage: 'sources',
    options: [],
    adminOnly: false,
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
    // `now` is for everyone; `on` and `off` check admin rights themselves (digest-command.ts).
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
