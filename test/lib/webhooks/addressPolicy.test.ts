import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAddress, forbiddenReason } from '../../../src/lib/webhooks/addressPolicy.js';
import { retryDelaySeconds } from '../../../src/lib/webhooks/deliverWebhook.js';
import { signBody } from '../../../src/lib/webhooks/sign.js';
import { createHmac } from 'node:crypto';

void describe('webhook address policy', () => {
  const cases: [string, string][] = [
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'link_local'],
    ['fe80::1', 'link_local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['2001:db8::1', 'reserved'],
    // IPv6 forms that embed an IPv4 address are judged by it.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:a9fe:a9fe]', 'link_local'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link_local'],
    ['2002:c0a8:0101::1', 'private'],
    ['not-an-ip', 'invalid'],
  ];
  for (const [address, expected] of cases) {
    void test(`${address} is ${expected}`, () => assert.equal(classifyAddress(address), expected));
  }

  void test('loopback is allowed only with the development setting; the rest never', () => {
    assert.equal(forbiddenReason('127.0.0.1', { allowLoopback: true }), undefined);
    assert.match(forbiddenReason('127.0.0.1', { allowLoopback: false }) ?? '', /loopback/);
    assert.match(forbiddenReason('169.254.169.254', { allowLoopback: true }) ?? '', /link-local/);
    assert.match(forbiddenReason('10.0.0.1', { allowLoopback: true }) ?? '', /private/);
    assert.equal(forbiddenReason('93.184.216.34', { allowLoopback: false }), undefined);
  });
});

void describe('webhook signing and back-off', () => {
  void test('the signature is sha256=<hex HMAC-SHA256 of the exact body>', () => {
    const body = '{"job_id":"x","status":"completed"}';
    const expected = createHmac('sha256', 'secret-of-16-chars').update(body).digest('hex');
    assert.equal(signBody('secret-of-16-chars', body), `sha256=${expected}`);
  });

  void test('retry delays double from the base and are capped at an hour', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => retryDelaySeconds(10, n)),
      [10, 20, 40, 80],
    );
    assert.equal(retryDelaySeconds(10, 20), 3600);
    assert.equal(retryDelaySeconds(0, 5), 0);
  });
});
