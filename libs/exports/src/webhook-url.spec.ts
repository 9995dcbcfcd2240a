import { HostResolver, checkWebhookUrl, isGlobalUnicast, resolveWebhookTarget } from './webhook-url';

/**
 * One address inside each range of the IANA IPv4 and IPv6 special-purpose address registries
 * (https://www.iana.org/assignments/iana-ipv4-special-registry, iana-ipv6-special-registry),
 * plus multicast, deprecated site-local and the forms that embed an IPv4 address.
 */
const SPECIAL_PURPOSE: [range: string, address: string][] = [
  ['0.0.0.0/8 this network', '0.1.2.3'],
  ['0.0.0.0/32', '0.0.0.0'],
  ['10.0.0.0/8 private', '10.1.2.3'],
  ['100.64.0.0/10 shared address space', '100.100.1.1'],
  ['127.0.0.0/8 loopback', '127.0.0.1'],
  ['169.254.0.0/16 link local (cloud metadata)', '169.254.169.254'],
  ['172.16.0.0/12 private', '172.31.255.1'],
  ['192.0.0.0/24 IETF protocol assignments', '192.0.0.1'],
  ['192.0.0.170/32 NAT64/DNS64 discovery', '192.0.0.170'],
  ['192.0.0.171/32 NAT64/DNS64 discovery', '192.0.0.171'],
  ['192.0.2.0/24 TEST-NET-1', '192.0.2.10'],
  ['192.31.196.0/24 AS112-v4', '192.31.196.1'],
  ['192.52.193.0/24 AMT', '192.52.193.1'],
  ['192.88.99.0/24 deprecated 6to4 relay anycast', '192.88.99.1'],
  ['192.168.0.0/16 private', '192.168.0.10'],
  ['192.175.48.0/24 direct delegation AS112', '192.175.48.1'],
  ['198.18.0.0/15 benchmarking', '198.18.0.1'],
  ['198.18.0.0/15 benchmarking (upper half)', '198.19.255.254'],
  ['198.51.100.0/24 TEST-NET-2', '198.51.100.7'],
  ['203.0.113.0/24 TEST-NET-3', '203.0.113.9'],
  ['224.0.0.0/4 multicast', '224.0.0.251'],
  ['224.0.0.0/4 multicast (top)', '239.255.255.250'],
  ['240.0.0.0/4 reserved', '240.0.0.1'],
  ['255.255.255.255/32 limited broadcast', '255.255.255.255'],
  ['::/128 unspecified', '::'],
  ['::1/128 loopback', '::1'],
  ['::/96 IPv4-compatible (deprecated)', '::a9fe:a9fe'],
  ['::ffff:0:0/96 IPv4-mapped', '::ffff:a9fe:a9fe'],
  ['::ffff:0:0/96 IPv4-mapped loopback', '::ffff:7f00:1'],
  ['::ffff:0:0:0/96 IPv4-translated', '::ffff:0:a9fe:a9fe'],
  ['64:ff9b::/96 NAT64 of the metadata address', '64:ff9b::a9fe:a9fe'],
  ['64:ff9b::/96 NAT64 of a public address', '64:ff9b::808:808'],
  ['64:ff9b:1::/48 local-use NAT64', '64:ff9b:1::a9fe:a9fe'],
  ['100::/64 discard-only', '100::1'],
  ['100:0:0:1::/64 dummy prefix', '100:0:0:1::1'],
  ['2001::/23 IETF protocol assignments', '2001:1::1'],
  ['2001::/32 Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
  ['2001:2::/48 benchmarking', '2001:2::1'],
  ['2001:3::/32 AMT', '2001:3::1'],
  ['2001:4:112::/48 AS112-v6', '2001:4:112::1'],
  ['2001:10::/28 deprecated ORCHID', '2001:10::1'],
  ['2001:20::/28 ORCHIDv2', '2001:20::1'],
  ['2001:30::/28 drone remote ID', '2001:30::1'],
  ['2001:db8::/32 documentation', '2001:db8::1'],
  ['2002::/16 6to4 of the metadata address', '2002:a9fe:a9fe::'],
  ['2002::/16 6to4 of a public address', '2002:808:808::1'],
  ['2620:4f:8000::/48 direct delegation AS112', '2620:4f:8000::1'],
  ['3fff::/20 documentation', '3fff::1'],
  ['5f00::/16 segment routing SIDs', '5f00::1'],
  ['fc00::/7 unique local', 'fd00::1'],
  ['fe80::/10 link local', 'fe80::1'],
  ['fec0::/10 deprecated site local', 'fec0::1'],
  ['ff00::/8 multicast', 'ff02::1'],
  ['outside 2000::/3 (unallocated)', '4000::1'],
];

const GLOBAL_UNICAST = ['8.8.8.8', '1.1.1.1', '192.0.1.1', '198.17.255.1', '198.20.0.1', '2606:4700:4700::1111'];

describe('isGlobalUnicast', () => {
  it.each(SPECIAL_PURPOSE)('refuses %s (%s)', (_range, address) => {
    expect(isGlobalUnicast(address)).toBe(false);
  });

  it.each(GLOBAL_UNICAST)('accepts the global unicast %s', (address) => {
    expect(isGlobalUnicast(address)).toBe(true);
  });

  it('refuses what is not an address', () => {
    expect(isGlobalUnicast('example.org')).toBe(false);
    expect(isGlobalUnicast('')).toBe(false);
  });
});

describe('checkWebhookUrl', () => {
  const refused = { code: 'webhook_url_not_allowed', errors: [{ field: 'webhookUrl', message: expect.any(String) }] };

  it.each([
    // The addresses of the finding, as a partner would write them.
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[::ffff:0:a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::]/',
    'http://192.0.0.170/',
    'http://198.18.0.1/',
    // Other spellings that URL parsing turns into special addresses.
    'http://127.0.0.1:8080/hook',
    'http://0x7f000001/hook',
    'http://2130706433/hook',
    'http://0177.0.0.1/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[fd00::1]/hook',
    'http://localhost/hook',
  ])('refuses %s', async (url) => {
    await expect(checkWebhookUrl(url, false)).rejects.toMatchObject(refused);
  });

  it.each(SPECIAL_PURPOSE)('refuses a name that resolves into %s (%s)', async (_range, address) => {
    const resolve: HostResolver = async () => ['8.8.8.8', address];
    await expect(checkWebhookUrl('https://hooks.partner.example/in', false, resolve)).rejects.toMatchObject(refused);
  });

  it('accepts a public address, and a name whose every address is public', async () => {
    await expect(checkWebhookUrl('https://8.8.8.8/hook', false)).resolves.toBe('https://8.8.8.8/hook');
    const resolve: HostResolver = async () => ['8.8.8.8', '2606:4700:4700::1111'];
    await expect(checkWebhookUrl('https://hooks.partner.example/in', false, resolve)).resolves.toBe(
      'https://hooks.partner.example/in',
    );
  });

  it('refuses a name that does not resolve', async () => {
    const resolve: HostResolver = () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    await expect(checkWebhookUrl('https://hooks.partner.example/in', false, resolve)).rejects.toMatchObject(refused);
  });

  it('accepts a private address when the deployment allows it', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', true)).resolves.toBe('http://127.0.0.1:8080/hook');
  });

  it('refuses credentials in the URL and other schemes', async () => {
    await expect(checkWebhookUrl('https://user:pw@8.8.8.8/hook', true)).rejects.toThrow('webhook_url_not_allowed');
    await expect(checkWebhookUrl('ftp://8.8.8.8/hook', true)).rejects.toThrow('webhook_url_not_allowed');
  });
});

describe('resolveWebhookTarget', () => {
  it('resolves once and names the address checked, keeping the host name for Host and TLS', async () => {
    let calls = 0;
    const resolve: HostResolver = async () => (++calls === 1 ? ['8.8.4.4'] : ['10.0.0.1']);
    const target = await resolveWebhookTarget('https://hooks.partner.example:8443/in?x=1', false, resolve);
    expect(target).toMatchObject({ hostname: 'hooks.partner.example', address: '8.8.4.4', family: 4 });
    expect(calls).toBe(1);
  });

  it('takes an IPv6 literal without its brackets and does not resolve it', async () => {
    const resolve: HostResolver = () => Promise.reject(new Error('must not be called'));
    const target = await resolveWebhookTarget('https://[2606:4700:4700::1111]/in', false, resolve);
    expect(target).toMatchObject({ hostname: '2606:4700:4700::1111', address: '2606:4700:4700::1111', family: 6 });
  });
});
