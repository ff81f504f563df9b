import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigProblem, loadConfig } from '../../../src/config/load.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'bw-config-'));
}

const BRIEF = [
  'topic: t',
  'asOf: 2026-01-15',
  'metrics:',
  '  - { id: deaths, label: { en: Deaths } }',
  'facts:',
  '  - { metric: deaths, value: 3, asOf: 2026-01-10, source: A report }',
].join('\n');

const TOPIC = [
  'id: t',
  'name: T',
  'command: t',
  'brief: brief.yaml',
  'feeds:',
  '  - { url: "https://feeds.example/rss", name: Example }',
  'match: { strong: [x] }',
].join('\n');

/** Writes the files (name → text) into a new directory and loads `main.yaml` from it. */
function problemsOf(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): ConfigProblem[] {
  const dir = tempDir();
  const all = { 'brief.yaml': BRIEF, 't.yaml': TOPIC, ...files };
  for (const [name, text] of Object.entries(all)) writeFileSync(join(dir, name), text);
  try {
    loadConfig({ path: join(dir, 'main.yaml'), env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map((p) => ({ ...p, file: p.file.slice(dir.length + 1) }));
  }
  return [];
}

describe('loadConfig', () => {
  it('loads the shipped configuration with the CECOT beat and its known facts', () => {
    const config = loadConfig({ env: {} });
    expect(config.topics.map((t) => t.id)).toEqual(['cecot']);
    const cecot = config.topics[0]!;
    const metrics = cecot.brief.metrics.map((m) => m.id).sort();
    expect(metrics).toEqual(
      [
        'deaths_in_custody',
        'detentions',
        'gang_violence_deaths',
        'released',
        'venezuelans_sent_to_cecot',
      ].sort(),
    );
    const deaths = cecot.brief.facts.find((f) => f.metric === 'deaths_in_custody');
    expect(deaths).toMatchObject({ value: 454, asOf: '2025-12-23' });
    expect(config.env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.fetch.maxBodyBytes).toBe(5 * 1024 * 1024);
  });

  it('reports every problem at once, each with its file and key path', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'main.yaml'),
      'fetch:\n  maxRedirects: -1\ntopics: [t.yaml]\ndestinations:\n  - { id: d, type: slack, topics: [nope] }\n',
    );
    writeFileSync(
      join(dir, 't.yaml'),
      'id: Bad Id\nname: x\ncommand: x\nbrief: b.yaml\nmatch: { threshold: 0 }\n',
    );
    try {
      loadConfig({ path: join(dir, 'main.yaml'), env: { BEATWATCH_HTTP_PORT: 'abc' } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const where = (err as ConfigError).problems.map((p) => [basename(p.file), p.key]);
      // The bad value in main.yaml hides none of the checks across files.
      expect(where).toEqual([
        ['environment', 'BEATWATCH_HTTP_PORT'],
        ['main.yaml', 'fetch.maxRedirects'],
        ['t.yaml', 'id'],
        ['t.yaml', 'match.threshold'],
        ['t.yaml', 'brief'],
        ['main.yaml', 'destinations.0.topics.0'],
        ['main.yaml', 'destinations.0.channel'],
        ['main.yaml', 'destinations.0'],
      ]);
      expect((err as ConfigError).message).toContain('main.yaml → fetch.maxRedirects');
    }
  });

  it('checks destinations across files when a value in the main file is refused', () => {
    const problems = problemsOf({
      'main.yaml':
        'fetch: { maxRedirects: -1 }\ntopics: [t.yaml, t.yaml]\ndestinations:\n' +
        '  - { id: s, type: slack, channel: C1, topics: [t], digest: { timezone: Europe/Atlantis } }\n' +
        '  - { id: s, type: discord, topics: [t, nope] }\n',
    });
    expect(problems.map((p) => [p.file, p.key])).toEqual([
      ['main.yaml', 'fetch.maxRedirects'],
      ['main.yaml', 'destinations.0.digest.timezone'],
      ['main.yaml', 'topics.1'],
      ['main.yaml', 'destinations.0'],
      ['main.yaml', 'destinations.1.id'],
      ['main.yaml', 'destinations.1.topics.1'],
      ['main.yaml', 'destinations.1.channel'],
      ['main.yaml', 'destinations.1'],
    ]);
    expect(problems[1]!.message).toContain('"Europe/Atlantis" is not a known time zone');
    expect(problems[3]!.message).toMatch(/^set SLACK_BOT_TOKEN plus SLACK_APP_TOKEN/);
  });

  it('reads the chat tokens when another environment variable is refused', () => {
    const main = 'topics: [t.yaml]\ndestinations:\n  - { id: s, type: slack, channel: C1, topics: [t] }\n';
    expect(problemsOf({ 'main.yaml': main }, { BEATWATCH_HTTP_PORT: 'abc' }).map((p) => p.key)).toEqual([
      'BEATWATCH_HTTP_PORT',
      'destinations.0',
    ]);
    const tokens = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', BEATWATCH_HTTP_PORT: 'abc' };
    expect(problemsOf({ 'main.yaml': main }, tokens).map((p) => p.key)).toEqual(['BEATWATCH_HTTP_PORT']);
  });

  it('checks digest settings: times as HH:MM, zones by their IANA names', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'main.yaml'),
      'topics: [t.yaml]\ndestinations:\n' +
        '  - { id: a, type: console, topics: [t], digest: true }\n' +
        '  - { id: b, type: console, topics: [t], digest: { time: "07:30", timezone: europe/madrid, quietDay: skip } }\n' +
        '  - { id: c, type: console, topics: [t], digest: { time: "25:00", timezone: Mars/Olympus } }\n',
    );
    writeFileSync(
      join(dir, 't.yaml'),
      'id: t\nname: T\ncommand: t\nbrief: b.yaml\nmatch: {}\ndigest: { time: "08:00", timezone: Nowhere/Land }\n',
    );
    writeFileSync(
      join(dir, 'b.yaml'),
      'topic: t\nasOf: 2026-01-01\nmetrics: [{ id: m, label: { en: M } }]\n',
    );
    try {
      loadConfig({ path: join(dir, 'main.yaml'), env: {} });
      expect.unreachable();
    } catch (err) {
      const problems = (err as ConfigError).problems;
      expect(problems.map((p) => p.key)).toEqual(
        expect.arrayContaining([
          'destinations.2.digest.time',
          'destinations.2.digest.timezone',
          'digest.timezone',
        ]),
      );
      expect((err as ConfigError).message).toContain('"Mars/Olympus" is not a known time zone');
    }
    writeFileSync(
      join(dir, 't.yaml'),
      'id: t\nname: T\ncommand: t\nbrief: b.yaml\nmatch: {}\ndigest: { time: "08:00", timezone: America/El_Salvador }\n',
    );
    writeFileSync(
      join(dir, 'main.yaml'),
      'topics: [t.yaml]\ndestinations:\n' +
        '  - { id: a, type: console, topics: [t], digest: true }\n' +
        '  - { id: b, type: console, topics: [t], digest: { time: "07:30", timezone: europe/madrid, quietDay: skip } }\n',
    );
    const config = loadConfig({ path: join(dir, 'main.yaml'), env: {} });
    expect(config.topics[0]!.digest).toEqual({
      time: '08:00',
      timezone: 'America/El_Salvador',
      quietDay: 'line',
    });
    expect(config.destinations.map((d) => d.digest)).toEqual([
      {},
      { time: '07:30', timezone: 'Europe/Madrid', quietDay: 'skip' },
    ]);
  });

  it('names a missing file instead of failing on the first read', () => {
    expect(() => loadConfig({ path: '/nonexistent/beatwatch.yaml', env: {} })).toThrow(
      /cannot read file \(ENOENT\)/,
    );
  });

  it('accepts the test beat as written (the cases below each break one thing)', () => {
    expect(problemsOf({ 'main.yaml': 'topics: [t.yaml]\n' })).toEqual([]);
  });

  it('reports unknown keys at every level with the nearest known key', () => {
    const problems = problemsOf({
      'main.yaml': 'redis: { keyPrefx: bw }\ntopics: [t.yaml]\ndestinatons: []\n',
      't.yaml': TOPIC.replace('name: Example', 'nmae: Example'),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          file: 'main.yaml',
          key: 'redis.keyPrefx',
          message: expect.stringContaining('did you mean "keyPrefix"'),
        },
        {
          file: 'main.yaml',
          key: 'destinatons',
          message: expect.stringContaining('did you mean "destinations"'),
        },
        { file: 't.yaml', key: 'feeds.0.nmae', message: expect.stringContaining('did you mean "name"') },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('lists the known keys when no known key is near', () => {
    const [problem] = problemsOf({ 'main.yaml': 'topics: [t.yaml]\nretention: { zzzzzzzz: 1 }\n' });
    expect(problem).toMatchObject({
      key: 'retention.zzzzzzzz',
      message: expect.stringContaining('known keys: days'),
    });
  });

  it('refuses a time zone that does not exist', () => {
    const problems = problemsOf({
      'main.yaml': 'topics: [t.yaml]\n',
      't.yaml': `${TOPIC}\ndigest: { time: "08:00", timezone: Mars/Olympus_Mons }`,
    });
    expect(problems).toEqual([
      { file: 't.yaml', key: 'digest.timezone', message: expect.stringContaining('Mars/Olympus_Mons') },
    ]);
  });

  it('refuses feed URLs that are not http or https', () => {
    const problems = problemsOf({
      'main.yaml': 'topics: [t.yaml]\n',
      't.yaml': TOPIC.replace('https://feeds.example/rss', 'file:///etc/passwd'),
    });
    expect(problems).toEqual([
      { file: 't.yaml', key: 'feeds.0.url', message: expect.stringContaining('http or https') },
    ]);
  });

  it('refuses dates that do not exist in briefs', () => {
    const problems = problemsOf({
      'main.yaml': 'topics: [t.yaml]\n',
      'brief.yaml': BRIEF.replace('asOf: 2026-01-15', 'asOf: 2026-02-30').replace('2026-01-10', '2025-13-01'),
    });
    expect(problems.map((p) => [p.file, p.key])).toEqual([
      ['brief.yaml', 'asOf'],
      ['brief.yaml', 'facts.0.asOf'],
    ]);
    expect(problems[0]!.message).toContain('2026-02-30');
  });

  it('names the environment variables a chat destination needs', () => {
    const main =
      'topics: [t.yaml]\ndestinations:\n  - { id: s, type: slack, channel: C1, topics: [t] }\n' +
      '  - { id: d, type: discord, channel: "42", topics: [t] }\n';
    const problems = problemsOf({ 'main.yaml': main }, { SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(problems).toEqual([
      {
        file: 'main.yaml',
        key: 'destinations.0',
        message: expect.stringMatching(/SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET/),
      },
      {
        file: 'main.yaml',
        key: 'destinations.1',
        message: expect.stringMatching(/DISCORD_TOKEN.*DISCORD_APPLICATION_ID/),
      },
    ]);
    expect(problems[0]!.message).toMatch(
      /^set SLACK_APP_TOKEN \(Socket Mode\) or SLACK_SIGNING_SECRET \(HTTP events\) in the environment/,
    );
    expect(problems[1]!.message).toMatch(/^set DISCORD_TOKEN plus DISCORD_APPLICATION_ID in the environment/);
    const complete = {
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      DISCORD_TOKEN: 'd',
      DISCORD_APPLICATION_ID: '1',
    };
    expect(problemsOf({ 'main.yaml': main }, complete)).toEqual([]);
  });

  it('reports a missing brief against the topic key that names it, even when the topic has other errors', () => {
    const problems = problemsOf({
      'main.yaml': 'topics: [t.yaml]\n',
      't.yaml': TOPIC.replace('brief: brief.yaml', 'brief: missing.yaml').replace(
        'command: t',
        'command: Not Valid',
      ),
    });
    expect(problems.map((p) => [p.file, p.key])).toEqual(
      expect.arrayContaining([
        ['t.yaml', 'command'],
        ['t.yaml', 'brief'],
      ]),
    );
    expect(problems.find((p) => p.key === 'brief')!.message).toMatch(/missing\.yaml.*ENOENT/);
  });

  it('still checks references across files when a file has unknown keys', () => {
    const problems = problemsOf({
      'main.yaml':
        'topics: [t.yaml]\nfetchh: {}\ndestinations:\n  - { id: c, type: console, topics: [nope] }\n',
    });
    expect(problems.map((p) => p.key).sort()).toEqual(['destinations.0.topics.0', 'fetchh']);
  });
});
