/**
 * `beatwatch run` as a process, started the way a user or Docker starts it, in the situations
 * where it used to hang or carry on half-started: no Redis at all, a bad `--port`, a port already
 * in use. Each must say what is wrong, and either serve /healthz while waiting or exit non-zero.
 */
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, type PrivateRedis, startPrivateRedis } from '../../src/runtime/redis-server.js';
import { type CliProcess, killStartedClis, startCli } from '../helpers/cli-process.js';
import { writeBeatConfig } from '../helpers/config-files.js';
import { TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { sleep } from './service-processes.js';

const _ROOT = join(import.meta.dirname, '..', '..');
let dir: string;
let configFile: string;

beforeAll(() => {
  ({ dir, configFile } = writeBeatConfig({ prefix: uniqueName('run') }));
});

afterEach(killStartedClis);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>): CliProcess {
  return startCli(['run', '-c', configFile, ...args], { ...process.env, ...env });
}

/** GET /healthz until the server answers; returns the answer. */
async function healthWhenServing(port: number, want?: number): Promise<{ status: number; body: unknown }> {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      const answer = { status: res.status, body: await res.json() };
      if (want === undefined || answer.status === want) return answer;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
}

describe('beatwatch run', () => {
  it('exits non-zero with a clear message on a port that is not a number', async () => {
    const r = run(['--port', 'abc'], { REDIS_URL: TEST_REDIS_URL });
    expect(await r.exited).not.toBe(0);
    expect(r.stderr()).toMatch(/--port.*abc/);
  });

  it('exits non-zero with a clear message when its port is already in use', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = run(['--port', String(port)], { REDIS_URL: TEST_REDIS_URL });
      expect(await r.exited).not.toBe(0);
      expect(r.stderr()).toContain(`port ${port} is already in use`);
    } finally {
      taken.close();
    }
  });

  describe('without a reachable Redis', () => {
    let redis: PrivateRedis | undefined;
    afterAll(async () => {
      await redis?.stop();
    });

    it('says so once, serves /healthz 503, starts when Redis comes, and stops on SIGTERM', async () => {
      const redisPort = await findFreePort();
      const httpPort = await findFreePort();
      const r = run(['--port', String(httpPort)], {
        REDIS_URL: `redis://:redis-pass-5@127.0.0.1:${redisPort}`,
      });
      const down = await healthWhenServing(httpPort);
      expect(down).toMatchObject({ status: 503, body: { status: 'unhealthy', redis: 'down' } });
      while (!r.stderr().includes('still unreachable')) await sleep(100);

      redis = await startPrivateRedis({ port: redisPort });
      // Our private server has no password; the URL's is only there to be hidden.
      const up = await healthWhenServing(httpPort, 200);
      expect(up.body).toMatchObject({ status: 'ok', redis: 'up' });

      r.child.kill('SIGTERM');
      expect(await r.exited).toBe(0);
      const err = r.stderr();
      expect(err).not.toContain('redis-pass-5');
      expect(err.match(/cannot reach Redis/g)).toHaveLength(1);
      expect(err).toContain(`redis://:[redacted]@127.0.0.1:${redisPort}`);
      // One line per backoff step, never a stack trace per retry.
      expect(err).not.toContain('"stack"');
    });

    it('stops cleanly on SIGTERM while still waiting for Redis', async () => {
      const httpPort = await findFreePort();
      const r = run(['--port', String(httpPort)], { REDIS_URL: `redis://127.0.0.1:${await findFreePort()}` });
      await healthWhenServing(httpPort);
      r.child.kill('SIGTERM');
      expect(await r.exited).toBe(0);
    });
  });
});
