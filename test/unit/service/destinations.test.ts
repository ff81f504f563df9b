import { describe, expect, it } from 'vitest';
import type { DestinationConfig } from '../../../src/config/schema.js';
import { destinationsForTopic } from '../../../src/service/destinations.js';
import type { StoredDestination } from '../../../src/store/types.js';

const desk: DestinationConfig = { id: 'desk', type: 'slack', channel: 'C1', topics: ['cecot'] };
const stored = (d: DestinationConfig, paused = false): StoredDestination => ({
  ...d,
  settings: {},
  paused: paused ? { reason: 'channel_not_found', atMs: 0 } : null,
});
const subscribedHere: DestinationConfig = {
  id: 'slack:T1:C1',
  type: 'slack',
  channel: 'C1',
  topics: ['cecot'],
};

describe('destinationsForTopic', () => {
  it('reaches a channel both configured and subscribed once, through the configured destination', () => {
    const ids = destinationsForTopic([desk], [stored(desk), stored(subscribedHere)], 'cecot');
    expect(ids).toEqual(['desk']);
  });

  it('reaches it through the subscription while the configured one is paused', () => {
    expect(destinationsForTopic([desk], [stored(desk, true), stored(subscribedHere)], 'cecot')).toEqual([
      'slack:T1:C1',
    ]);
  });

  it('keeps the same channel id on another platform, and destinations without a channel, apart', () => {
    const discord: DestinationConfig = {
      id: 'discord:G:C1',
      type: 'discord',
      channel: 'C1',
      topics: ['cecot'],
    };
    const consoleOut: DestinationConfig = { id: 'console', type: 'console', topics: ['cecot'] };
    const ids = destinationsForTopic([desk, consoleOut], [stored(discord), stored(subscribedHere)], 'cecot');
    expect(ids).toEqual(['desk', 'console', 'discord:G:C1']);
  });
});
