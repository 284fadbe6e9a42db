import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../src/runtime/httpServer.js';
import { send } from '../helpers/httpFuzz.js';

void describe('local runtime HTTP server', () => {
  void test('a body over 1 MiB gets a 413 and closes its connection, so a keep-alive client can go on', async () => {
    const server = createHttpServer(
      [
        {
          kind: 'http',
          name: 'echo',
          route: 'echo',
          methods: ['POST', 'GET'],
          authLevel: 'anonymous',
          handler: async () => ({ status: 200, jsonBody: { ok: true } }),
        },
      ],
      { log: () => undefined },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = await send(base, agent, {
        route: '',
        method: 'POST',
        path: '/api/echo',
        body: Buffer.alloc(1_500_000, 0x61),
      });
      assert.deepEqual(big, { status: 413 });
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await send(base, agent, { route: '', method: 'GET', path: '/api/echo' }), {
          status: 200,
        });
      }
    } finally {
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
