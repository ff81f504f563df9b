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

  it('names a missing file instead of failing on the first read', () => {
    expect(() => loadConfig({ path: '/nonexistent/beatwatch.yaml', env: {} })).toThrow(
      /cannot read file \(ENOENT\)/,
    );
  });
});
