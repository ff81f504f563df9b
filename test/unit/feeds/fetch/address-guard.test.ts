import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  createAddressPolicy,
  createPinnedLookup,
  resolveChecked,
} from '../../../../src/feeds/fetch/address-guard.js';
import { FetchFailure, isBlockedAddress } from '../../../../src/feeds/fetch/index.js';

describe('isBlockedAddress: IPv4', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'RFC 1918'],
    ['172.16.0.1', 'RFC 1918'],
    ['172.31.255.255', 'RFC 1918'],
    ['192.168.1.1', 'RFC 1918'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['169.254.169.254', 'link-local / cloud metadata'],
    ['169.254.0.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
  ])('blocks %s (%s)', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '192.169.0.1',
    '169.253.1.1',
  ])('allows public %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });
});

describe('isBlockedAddress: IPv6', () => {
  it.each([
    ['::1', 'loopback'],
    ['[::1]', 'loopback in URL brackets'],
    ['::', 'unspecified'],
    ['fc00::1', 'ULA'],
    ['fd12:3456:789a::1', 'ULA'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local with zone'],
    ['febf::1', 'link-local upper end'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of metadata'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['2001:db8::1', 'documentation'],
    ['fec0::1', 'old site-local'],
  ])('blocks %s (%s)', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each([
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows public %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });
});

describe('isBlockedAddress: not an address', () => {
  it.each(['', 'localhost', 'example.org', '256.1.1.1', '1.2.3', 'fe80::zz'])('blocks %j', (value) => {
    expect(isBlockedAddress(value)).toBe(true);
  });
});

describe('createAddressPolicy', () => {
  it('allows everything when private networks are allowed', () => {
    const policy = createAddressPolicy(true);
    expect(['127.0.0.1', '10.0.0.1', '::1', '8.8.8.8'].every(policy)).toBe(true);
  });

  it('exempts only the listed addresses and ranges', () => {
    const policy = createAddressPolicy(false, ['127.0.0.1', '10.20.0.0/16', 'fd00::5']);
    expect(policy('127.0.0.1')).toBe(true);
    expect(policy('127.0.0.2')).toBe(false);
    expect(policy('10.20.3.4')).toBe(true);
    expect(policy('10.21.0.1')).toBe(false);
    expect(policy('fd00::5')).toBe(true);
    expect(policy('fd00::6')).toBe(false);
    expect(policy('8.8.8.8')).toBe(true);
  });

  it('names the bad entry in allowAddresses', () => {
    expect(() => createAddressPolicy(false, ['not-an-ip'])).toThrow(/allowAddresses: "not-an-ip"/);
  });
});

describe('resolveChecked', () => {
  const strict = createAddressPolicy(false);
  const dns =
    (table: Record<string, LookupAddress[]>) =>
    async (host: string): Promise<LookupAddress[]> => {
      const answer = table[host];
      if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return answer;
    };
  const resolver = dns({
    'public.test': [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ],
    'mixed.test': [
      { address: '93.184.216.34', family: 4 },
      { address: 'fd00::1', family: 6 },
    ],
    'empty.test': [],
  });

  it('returns every address when all are public', async () => {
    await expect(resolveChecked('public.test', strict, resolver)).resolves.toHaveLength(2);
  });

  it('refuses when any address is internal', async () => {
    await expect(resolveChecked('mixed.test', strict, resolver)).rejects.toMatchObject({
      code: 'blocked-address',
      message: expect.stringContaining('fd00::1'),
    });
  });

  it('checks IP literals without asking DNS', async () => {
    const never = async () => {
      throw new Error('DNS must not be asked');
    };
    await expect(resolveChecked('[::1]', strict, never)).rejects.toMatchObject({ code: 'blocked-address' });
    await expect(resolveChecked('8.8.8.8', strict, never)).resolves.toEqual([
      { address: '8.8.8.8', family: 4 },
    ]);
  });

  it('reports lookup failures and empty answers as dns, keeping the cause', async () => {
    const err = await resolveChecked('nowhere.test', strict, resolver).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchFailure);
    expect(err).toMatchObject({ code: 'dns' });
    expect((err as FetchFailure).cause).toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolveChecked('empty.test', strict, resolver)).rejects.toMatchObject({ code: 'dns' });
  });
});

describe('createPinnedLookup', () => {
  const addresses: LookupAddress[] = [
    { address: '93.184.216.34', family: 4 },
    { address: '2606:2800:220:1::1', family: 6 },
  ];
  const never = async (): Promise<LookupAddress[]> => {
    throw new Error('DNS must not be asked when pinned');
  };
  const lookup = createPinnedLookup(createAddressPolicy(false), never, (h) =>
    h === 'pinned.test' ? addresses : undefined,
  );
  const call = (host: string, options: { family?: number; all?: boolean }) =>
    new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) =>
      lookup(host, options, (err, address, family) => resolve({ err, address, family })),
    );

  it('answers from the pinned addresses, honouring all and family', async () => {
    expect(await call('pinned.test', { all: true })).toMatchObject({ err: null, address: addresses });
    expect(await call('pinned.test', {})).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(await call('pinned.test', { family: 6 })).toMatchObject({
      address: '2606:2800:220:1::1',
      family: 6,
    });
  });

  it('resolves and checks again when nothing is pinned', async () => {
    const { err } = await call('other.test', {});
    expect(err?.message).toMatch(/DNS must not be asked/);
  });
});
