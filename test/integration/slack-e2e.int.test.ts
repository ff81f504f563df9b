/**
 * An alert's whole journey to Slack: local feed server → poll → ingest → deliver → the fake
 * Slack, through the real Web API client and bolt. One channel subscribes itself with
 * `/cecot subscribe`; another is a configured `type: slack` destination; a third is both (it
 * subscribed before it was configured). Each gets every new story exactly once, within Block
 * Kit's limits (the fake refuses anything over them), and a hostile story arrives with nothing in
 * it that Slack would act on.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/chat/core/message.js';
import type { Service } from '../../src/service/start.js';
import { FAKE_TEAM_ID, type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../helpers/redis.js';
import { postSlashCommand, slashCommand } from '../helpers/slack-requests.js';
import {
  alertableKeys,
  expectEachDeliveredOnce,
  type FeedServer,
  readRound,
  startFeedServer,
  withItem,
} from './service-support.js';
import { responsesTo, shownText, startSlackService } from './slack-support.js';

/**
 * A relevant new story written to do harm: broadcasts (some split by zero-width characters, to
 * slip past a filter and join up again in a client), a script, a bidi override, a huge title.
 */
const HOSTILE_ITEM = `
    <item>
      <title>&lt;!channel&gt; @everyone &lt;!chan&#x200B;nel&gt; @&#x200D;here &#x2060;&lt;@U0&#x200C;ADMIN&gt; &#xFEFF;&lt;!here&gt; CECOT inmates moved overnight &#x202E;gnissim&#x202C; &lt;script&gt;alert(1)&lt;/script&gt; ${'very long title '.repeat(700)}</title>
      <link>https://isthmusledger.example/2026/11/27/cecot-night-transfer|&lt;!here&gt;</link>
      <guid isPermaLink="false">hostile-1</guid>
      <pubDate>Fri, 27 Nov 2026 15:30:00 GMT</pubDate>
      <description>&lt;@U0ADMIN&gt; Guards moved about forty inmates between cell blocks of CECOT in Tecoluca overnight, the Bukele government said in a short statement on Friday, without saying why the transfer was made. &lt;https://evil.example|read more&gt;</description>
    </item>`;

const redis: Redis = connectTestRedis();
const prefix = uniqueName('slack-e2e');
const subscribed = `slack:${FAKE_TEAM_ID}:C0SUB`;
const bothSubscribed = `slack:${FAKE_TEAM_ID}:C0BOTH`;
let fake: FakeSlack;
let feeds: FeedServer;
let service: Service;

async function pollRound(): Promise<void> {
  await service.pollNow();
  await service.waitUntilIdle({ timeoutMs: 60_000 });
}

beforeAll(async () => {
  fake = await startFakeSlack();
  feeds = await startFeedServer(readRound(1));
  service = await startSlackService({
    fake,
    prefix,
    mode: 'http',
    roles: 'run',
    feeds: feeds.urls(),
    admins: ['U0ADMIN'],
    destinations: [
      { id: 'desk', type: 'slack', channel: 'C0DESK', topics: ['cecot'] },
      { id: 'both', type: 'slack', channel: 'C0BOTH', topics: ['cecot'] },
    ],
  });
  // As a subscription made before the channel was configured left it.
  await service.stores.destinations.upsert({
    id: bothSubscribed,
    type: 'slack',
    channel: 'C0BOTH',
    topics: ['cecot'],
  });
});

afterAll(async () => {
  await service?.stop();
  await feeds?.close();
  await fake?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('feed → poll → ingest → deliver → Slack', () => {
  let round2StartMs = 0;

  it('a channel subscribes itself with /cecot subscribe', async () => {
    const payload = slashCommand(fake, { text: 'subscribe', user_id: 'U0ADMIN', channel_id: 'C0SUB' });
    const url = `http://127.0.0.1:${service.httpPort}/slack/events`;
    expect((await postSlashCommand(url, payload)).status).toBe(200);
    const [reply] = await responsesTo(fake, payload.response_url!);
    expect(shownText(reply!.body)).toContain('This channel now gets an alert');
  });

  it('the first fetch of every feed posts nothing', async () => {
    await pollRound();
    expect((await service.stores.stories.latest('cecot', 1000)).length).toBeGreaterThan(5);
    expect(fake.posts()).toEqual([]);
  });

  it('each new story reaches both channels exactly once, within the limits', async () => {
    round2StartMs = Date.now();
    for (const [name, body] of readRound(2)) feeds.files.set(name, body);
    feeds.files.set('isthmus-ledger.xml', withItem(feeds.files.get('isthmus-ledger.xml')!, HOSTILE_ITEM));
    await pollRound();

    const stories = (await service.stores.stories.latest('cecot', 1000)).filter(
      (s) => s.storedAtMs >= round2StartMs,
    );
    const hostile = stories.find((s) => s.item.title.includes('inmates moved overnight'));
    expect(hostile, 'the hostile story was stored').toBeDefined();
    expect(alertableKeys(stories)).toContain(hostile!.key);

    const byChannel = { desk: 'C0DESK', both: 'C0BOTH', [subscribed]: 'C0SUB' } as Record<string, string>;
    const posts = Object.entries(byChannel).flatMap(([destination, channel]) =>
      fake.posts(channel).map((p) => ({
        destination,
        message: { title: String(p.blocks[0]?.text?.text ?? '') } as Message,
      })),
    );
    await expectEachDeliveredOnce(service.stores, stories, posts, ['desk', 'both', subscribed]);
    // The channel both configured and subscribed got each story once, through the configured one.
    expect(fake.posts('C0BOTH')).toHaveLength(fake.posts('C0DESK').length);
    for (const s of stories)
      expect(await service.stores.deliveries.isSent(bothSubscribed, s.key)).toBe(false);
    // The fake answers over-limit posts with Slack's errors: none was refused.
    const refused = fake.calls('chat.postMessage').length - fake.posts().length;
    expect(refused).toBe(0);
  });

  it('the hostile story is posted with nothing Slack would act on', async () => {
    const hostile = fake.posts('C0SUB').filter((p) => p.text.includes('inmates moved overnight'));
    expect(hostile).toHaveLength(1);
    const post = hostile[0]!;
    const raw = `${post.text}\n${JSON.stringify(post.blocks)}`;
    // With every zero-width character taken out, no broadcast or mention joins up again.
    const joined = raw.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
    for (const token of ['<!channel>', '<!here>', '<@U0ADMIN>', '<script', '<https://evil', '\u202e']) {
      expect(raw).not.toContain(token);
      expect(joined).not.toContain(token);
    }
    expect(joined).toContain('CECOT inmates moved overnight');
    expect(shownText(post)).not.toMatch(/@(everyone|here|channel)\b/);
    expect(post.blocks[0]).toMatchObject({ type: 'header' });
    expect(String(post.blocks[0]!.text.text).length).toBeLessThanOrEqual(150);
    expect(raw).toContain('<https://isthmusledger.example/2026/11/27/cecot-night-transfer%7C%3C!here%3E|');
    expect(post.params).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });
  });
});
