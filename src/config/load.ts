/**
 * Reads and checks beatwatch's configuration. Every problem in every file is collected before
 * anything is thrown, so one `beatwatch config check` shows the whole list with the file and the
 * path of each bad key, instead of making the user fix them one run at a time.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  type Brief,
  briefSchema,
  type Config,
  type DestinationConfig,
  type Env,
  envSchema,
  mainFileSchema,
  type Topic,
  topicFileSchema,
} from './schema.js';
import { findUnknownKeys } from './unknown-keys.js';

/** One thing wrong with the configuration: which file, which key, what is wrong. */
export interface ConfigProblem {
  file: string;
  /** Dotted path of the bad key, e.g. `topics.0` or `fetch.maxRedirects`; empty for the whole file. */
  key: string;
  message: string;
}

/** Thrown by {@link loadConfig} with every problem found. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.file}${p.key ? ` → ${p.key}` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Main config file; defaults to `BEATWATCH_CONFIG`, then `config/default.yaml`. */
  path?: string;
  /** Environment to read; defaults to `process.env`. Tests pass their own. */
  env?: NodeJS.ProcessEnv;
  /** Base for relative paths; defaults to the current directory. */
  cwd?: string;
}

function keyOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * Checks `value` against `schema`, adding every problem, unknown keys included. Unknown keys do
 * not fail the parse (the value is still returned), so the checks across files run too.
 */
function collect<T>(
  schema: z.ZodType<T>,
  value: unknown,
  file: string,
  problems: ConfigProblem[],
  options: { unknownKeys?: boolean } = {},
): T | undefined {
  if (options.unknownKeys !== false) {
    for (const unknown of findUnknownKeys(schema, value))
      problems.push({ file, key: keyOf(unknown.path), message: unknown.message });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push({ file, key: keyOf(issue.path), message: issue.message });
  }
  return undefined;
}

function readYaml(file: string, problems: ConfigProblem[]): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push({
      file,
      key: '',
      message: `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    });
    return undefined;
  }
  try {
    return parseYaml(text) ?? {};
  } catch (err) {
    problems.push({ file, key: '', message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

/** Reads and validates a beat brief file on its own (also used by `analyze` and tests). */
export function loadBrief(file: string): Brief {
  const problems: ConfigProblem[] = [];
  const raw = readYaml(file, problems);
  const brief = raw === undefined ? undefined : collect(briefSchema, raw, file, problems);
  if (!brief) throw new ConfigError(problems);
  return brief;
}

/** Reads a topic's brief; a brief that cannot be read is the topic's problem, at its `brief` key. */
function loadTopicBrief(topicFile: string, briefRef: string, problems: ConfigProblem[]) {
  const briefPath = resolve(dirname(topicFile), briefRef);
  const unread: ConfigProblem[] = [];
  const briefRaw = readYaml(briefPath, unread);
  for (const p of unread) {
    problems.push({ file: topicFile, key: 'brief', message: `brief ${briefPath}: ${p.message}` });
  }
  const brief = briefRaw === undefined ? undefined : collect(briefSchema, briefRaw, briefPath, problems);
  return { briefPath, brief };
}

/**
 * Loads a topic file and its brief. `id` is the id the file declares, even when the file has
 * problems, so references to the topic are not reported as unknown on top of them.
 */
function loadTopic(file: string, problems: ConfigProblem[]): { topic?: Topic; id?: string } {
  const raw = readYaml(file, problems);
  if (raw === undefined) return {};
  const written = (raw ?? {}) as { id?: unknown; brief?: unknown };
  const id = typeof written.id === 'string' ? written.id : undefined;
  const topic = collect(topicFileSchema, raw, file, problems);
  // The brief is checked even when the topic file has problems, so one run lists them all.
  const briefRef = topic?.brief ?? written.brief;
  if (typeof briefRef !== 'string' || briefRef === '') return { id };
  const { briefPath, brief } = loadTopicBrief(file, briefRef, problems);
  if (!topic || !brief) return { id };
  if (brief.topic !== topic.id) {
    problems.push({
      file: briefPath,
      key: 'topic',
      message: `brief is for "${brief.topic}" but topic ${topic.id} points at it`,
    });
  }
  return { topic: { ...topic, briefPath, brief }, id };
}

/** The chat secrets, read even when another variable of the environment is refused. */
const chatSecretsSchema = envSchema.pick({
  SLACK_BOT_TOKEN: true,
  SLACK_APP_TOKEN: true,
  SLACK_SIGNING_SECRET: true,
  DISCORD_TOKEN: true,
  DISCORD_APPLICATION_ID: true,
});
type ChatSecrets = z.infer<typeof chatSecretsSchema>;

/**
 * Environment variables a chat destination cannot work without. Slack: the bot token, and the
 * app token (Socket Mode) or the signing secret (HTTP events). Discord: the bot token and the
 * application id (to register slash commands).
 */
function missingChatSecrets(type: DestinationConfig['type'], env: Partial<ChatSecrets>): string[] {
  const missing: string[] = [];
  if (type === 'slack') {
    if (!env.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET)
      missing.push('SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP events)');
  } else if (type === 'discord') {
    if (!env.DISCORD_TOKEN) missing.push('DISCORD_TOKEN');
    if (!env.DISCORD_APPLICATION_ID) missing.push('DISCORD_APPLICATION_ID');
  }
  return missing;
}

/**
 * What the checks across files read of one destination, taken from the file as written so they
 * run even when the main file has other problems. A field the schema refuses reads as absent
 * here (its own problem is reported by the schema), so nothing is reported twice.
 */
interface DestinationRefs {
  id?: string;
  type?: DestinationConfig['type'];
  /** Each topic named, by its index in the list. */
  topics: Array<{ index: number; id: string }>;
  hasChannel: boolean;
}

const DESTINATION_TYPES: ReadonlySet<string> = new Set(['console', 'slack', 'discord']);

function destinationRefsOf(raw: unknown): DestinationRefs[] {
  const list = (raw as { destinations?: unknown } | undefined)?.destinations;
  if (!Array.isArray(list)) return [];
  return list.map((entry): DestinationRefs => {
    const d = (entry !== null && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const topics = Array.isArray(d.topics) ? d.topics : [];
    return {
      id: typeof d.id === 'string' && d.id !== '' ? d.id : undefined,
      type:
        typeof d.type === 'string' && DESTINATION_TYPES.has(d.type)
          ? (d.type as DestinationConfig['type'])
          : undefined,
      topics: topics.flatMap((id, index) => (typeof id === 'string' ? [{ index, id }] : [])),
      hasChannel: d.channel !== undefined && d.channel !== null && d.channel !== '',
    };
  });
}

function checkCrossReferences(
  destinations: readonly DestinationRefs[],
  topicIds: ReadonlyArray<string | undefined>,
  env: NodeJS.ProcessEnv,
  file: string,
  problems: ConfigProblem[],
): void {
  const ids = new Set<string>();
  topicIds.forEach((id, i) => {
    if (id === undefined) return;
    if (ids.has(id)) problems.push({ file, key: `topics.${i}`, message: `topic id "${id}" is used twice` });
    ids.add(id);
  });
  const secrets = chatSecretsSchema.safeParse(env).data ?? {};
  const destinationIds = new Set<string>();
  destinations.forEach((d, i) => {
    if (d.id !== undefined) {
      if (destinationIds.has(d.id))
        problems.push({
          file,
          key: `destinations.${i}.id`,
          message: `destination id "${d.id}" is used twice`,
        });
      destinationIds.add(d.id);
    }
    for (const t of d.topics) {
      if (!ids.has(t.id)) {
        problems.push({
          file,
          key: `destinations.${i}.topics.${t.index}`,
          message: `unknown topic "${t.id}" (known: ${[...ids].join(', ')})`,
        });
      }
    }
    if (d.type === undefined || d.type === 'console') return;
    if (!d.hasChannel) {
      problems.push({
        file,
        key: `destinations.${i}.channel`,
        message: `a ${d.type} destination needs a channel id`,
      });
    }
    const missing = missingChatSecrets(d.type, secrets);
    if (missing.length > 0) {
      problems.push({
        file,
        key: `destinations.${i}`,
        message: `set ${missing.join(' plus ')} in the environment: a ${d.type} destination cannot post without them`,
      });
    }
  });
}

function topicPathsOf(raw: unknown): string[] {
  const list = (raw as { topics?: unknown } | undefined)?.topics;
  return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
}

/**
 * Loads the main config file, every topic file it names and each topic's brief, and the
 * environment. Throws {@link ConfigError} listing every problem found.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const problems: ConfigProblem[] = [];
  // The environment holds much besides beatwatch's own variables: no unknown keys there.
  const rawEnv = options.env ?? process.env;
  const env: Env | undefined = collect(envSchema, rawEnv, 'environment', problems, {
    unknownKeys: false,
  });
  const cwd = options.cwd ?? process.cwd();
  const given = options.path ?? env?.BEATWATCH_CONFIG ?? 'config/default.yaml';
  const path = isAbsolute(given) ? given : resolve(cwd, given);

  const raw = readYaml(path, problems);
  const main = raw === undefined ? undefined : collect(mainFileSchema, raw, path, problems);
  // Topic files are checked even when the main file has problems, so one run lists them all.
  const topicPaths = main?.topics ?? topicPathsOf(raw);
  const topics: Topic[] = [];
  const topicIds: Array<string | undefined> = [];
  for (const topicPath of topicPaths) {
    const { topic, id } = loadTopic(resolve(dirname(path), topicPath), problems);
    if (topic) topics.push(topic);
    topicIds.push(id);
  }
  // Read from the file as written, so a bad value elsewhere in it hides none of these.
  checkCrossReferences(destinationRefsOf(raw), topicIds, rawEnv, path, problems);
  if (problems.length > 0 || !main || !env) throw new ConfigError(problems);
  return {
    path,
    env,
    redis: main.redis,
    fetch: main.fetch,
    poll: main.poll,
    retention: main.retention,
    follows: main.follows,
    topics,
    destinations: main.destinations,
    chat: main.chat,
  };
}
