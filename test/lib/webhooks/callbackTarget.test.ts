import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceUnavailableError } from '../../../src/lib/errors.js';
import {
  ForbiddenCallbackError,
  resolveCallbackTarget,
  type Resolver,
} from '../../../src/lib/webhooks/callbackTarget.js';

const failingWith =
  (code: string): Resolver =>
  () =>
    Promise.reject(Object.assign(new Error(`getaddrinfo ${code} hooks.example.com`), { code }));

const target = (resolve: Resolver) =>
  resolveCallbackTarget('https://hooks.example.com/done', { allowHttpLoopback: false, resolve });

void describe('resolveCallbackTarget: DNS failures', () => {
  void test('a name that does not exist is forbidden for good', async () => {
    for (const code of ['ENOTFOUND', 'ENODATA']) {
      await assert.rejects(target(failingWith(code)), (error) => {
        assert.ok(error instanceof ForbiddenCallbackError, String(error));
        assert.equal(error.code, 'forbidden_callback_url');
        return true;
      });
    }
    await assert.rejects(
      target(() => Promise.resolve([])),
      ForbiddenCallbackError,
    );
  });

  void test('DNS that cannot answer right now is a 503 to retry, not a forbidden URL', async () => {
    for (const code of ['EAI_AGAIN', 'ESERVFAIL', 'ETIMEOUT', 'ECONNREFUSED']) {
      await assert.rejects(target(failingWith(code)), (error) => {
        assert.ok(error instanceof ServiceUnavailableError, `${code}: ${String(error)}`);
        assert.equal(error.status, 503);
        assert.match(error.message, new RegExp(`could not be resolved right now \\(${code}\\)`));
        return true;
      });
    }
  });
});
