import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/load.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'bw-config-'));
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
      const keys = (err as ConfigError).problems.map((p) => p.key);
      expect(keys).toEqual(
        expect.arrayContaining(['BEATWATCH_HTTP_PORT', 'fetch.maxRedirects', 'id', 'match.threshold']),
      );
      expect((err as ConfigError).message).toContain('main.yaml → fetch.maxRedirects');
    }
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
});
