/**
 * `beatwatch demo` end to end, as a user runs it: a child process through the tsx entry, the
 * real service on Redis, sample feeds over local HTTP. Checked: what it prints, its exit code,
 * and that it leaves nothing behind (no redis-server of its own, no keys under its prefix).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis, TEST_REDIS_URL } from '../helpers/redis.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

function runDemo(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'demo'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 55_000);
    child.once('error', fail);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, out, err });
    });
  });
}

/**
 * The headline of the 473 story as its first copy gives it: usually the wire's, but under load
 * the Harbor City Tribune's copy, under its own headline, can be fetched and analysed first.
 */
const STORY_473 = '(?:[^│]*473|Prison deaths climb)';

function checkOutput(out: string): void {
  // The console wraps long lines; compare words, not line breaks.
  const flat = out.replace(/\s+/g, ' ');
  // Round 1 is the silent baseline; round 2 brings the alerts.
  expect(out).toMatch(
    /Round 1 .*\n.*\n {2}\d+ items stored: \d+ on the beat, \d+ copies or re-posts folded in, \d+ off the beat; 0 alerts\./,
  );
  const alerts = out.match(/╭─ ALERT · cecot/g) ?? [];
  expect(alerts.length).toBeGreaterThanOrEqual(3);
  // Each alert is printed under where it went: the subscribed channel, or your direct messages.
  const posts = out.split('\n▶ ').slice(1);
  const channel = posts.filter((p) => p.startsWith('Channel subscribed to the beat:')).join(' ');
  const direct = posts.filter((p) => p.startsWith('Your direct messages:')).join(' ');
  expect(channel.replace(/\s+/g, ' ')).toMatch(new RegExp(`New story: ${STORY_473}`));
  // The channel gets the stories that open a cluster, each worded as new.
  expect(channel).not.toContain('Follow-up:');
  // One alert for the story every wire outlet carried, not one per copy.
  expect(channel.replace(/\s+/g, ' ').match(new RegExp(`New story: ${STORY_473}`, 'g'))).toHaveLength(1);
  // Your follow of "socorro juridico": the 473 story in English and in Spanish, the second report
  // threaded under the first.
  const thread = direct.replace(/\s+/g, ' ');
  expect(thread).toMatch(new RegExp(`╭─ ALERT · cecot ─+╮ │ New story: ${STORY_473}`));
  expect(thread).toMatch(
    /↳ in reply to “New story: (?:[^”]*473|Prison deaths climb)[^”]*” ╭─ ALERT · cecot ─+╮ │ Follow-up: [^│]*473[\s\S]*Your follow • "socorro juridico"/,
  );
  expect(thread.match(/↳ in reply to/g)).toHaveLength(1);
  // Whose figure it is, and the outlet that carried it.
  expect(flat).toMatch(
    /473 — Socorro Jurídico Humanitario, via (Continental Wire|Harbor City Tribune|Agencia Meridiano)/,
  );
  expect(flat).toContain('differs from the known 454 (Socorro Jurídico Humanitario, 2025-12-23)');
  expect(flat).toMatch(/Venezuelans sent to CECOT: 252 (—|reported)/);
  // Your follow of "abrego garcia": a follow-up of a round-1 story, matched across accents and
  // languages, starts a thread of its own.
  expect(thread).toContain('Follow-up: Jueza escucha a testigos en el caso de Kilmar Ábrego García');
  expect(channel).not.toContain('Jueza escucha');
  // Links never carry the feeds' tracking parameters.
  expect(out).not.toContain('utm_');
  // Off-beat stories are never alerted.
  expect(out).not.toMatch(/ALERT[^\n]*\n[^\n]*bitcoin/i);
  expect(flat).not.toContain('New story: Honduras');
  // The previews.
  expect(flat).toContain('╭─ DIGEST · cecot');
  // The daily digest as a channel gets it: wire copies folded into their story, a link to every
  // outlet, the figures and the volume line.
  expect(flat).toMatch(
    /sent to the console every day at 08:00 America\/El_Salvador \(next: \d{4}-\d{2}-\d{2} 08:00 CST\)/,
  );
  expect(flat).toMatch(/• [4-9] outlets · \d+ copies folded in/);
  expect(flat).toContain('Known: Detentions more than 90,000');
  expect(flat).toMatch(
    /Stories per day, last 14 days • [▁▂▃▄▅▆▇█]{14} \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/,
  );
  expect(flat).toContain('/cecot stats preview');
  expect(flat).toContain('Known figures');
  // A figure the outlets made known keeps whose it is and names the outlets as their feeds do.
  expect(flat).toMatch(
    /Deaths in custody since the crackdown began: 473 — Socorro Jurídico Humanitario, via [A-Z]/,
  );
  expect(flat).not.toMatch(/473 \([a-z]+\.example/);
  expect(flat).toMatch(/Last 24 hours: \d+ stories, \d+ articles from 7 outlets/);
  expect(out).toMatch(/Done in \d+\.\d s\./);
}

describe('beatwatch demo', () => {
  const redis = connectTestRedis();
  afterAll(() => redis.disconnect());

  it('runs on a private redis-server, prints alerts, digest and stats, exits 0 and stops its server', async () => {
    const { code, out, err } = await runDemo({ REDIS_URL: '' });
    expect(code, err).toBe(0);
    expect(err).not.toContain('beatwatch:');
    checkOutput(out);
    expect(out).toContain('a private redis-server at redis://127.0.0.1:');
    const port = /private redis-server at redis:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
    const probe = connectTestRedisAt(Number(port));
    await expect(probe.ping()).rejects.toThrow();
    probe.disconnect();
  });

  it('uses REDIS_URL when set and removes every key under its prefix', async () => {
    const { code, out, err } = await runDemo({ REDIS_URL: TEST_REDIS_URL });
    expect(code, err).toBe(0);
    checkOutput(out);
    const prefix = /keys under "([^"]+):"/.exec(out)?.[1];
    expect(prefix).toMatch(/^beatwatch-demo-[0-9a-f]{8}$/);
    const left: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      left.push(...keys);
    } while (cursor !== '0');
    expect(left).toEqual([]);
  });
});

function connectTestRedisAt(port: number): Redis {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  return client;
}
