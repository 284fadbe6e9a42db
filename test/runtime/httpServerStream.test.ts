import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../src/runtime/httpServer.js';

void describe('local runtime HTTP server: streamed bodies', () => {
  void test('a handler answering with a stream is sent as it is produced, not held until it ends', async () => {
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const server = createHttpServer(
      [
        {
          kind: 'http',
          name: 'stream',
          route: 'stream',
          methods: ['GET'],
          authLevel: 'anonymous',
          handler: () =>
            Promise.resolve({
              status: 200,
              headers: { 'Content-Type': 'text/plain' },
              body: new ReadableStream<Uint8Array>({
                async start(controller) {
                  controller.enqueue(new TextEncoder().encode('first;'));
                  await finished;
                  controller.enqueue(new TextEncoder().encode('second'));
                  controller.close();
                },
              }),
            }),
        },
      ],
      { log: () => undefined },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/stream`);
      assert.equal(response.status, 200);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      assert.equal(
        new TextDecoder().decode(first.value),
        'first;',
        'arrived while the handler still had more',
      );
      finish();
      let rest = '';
      for (let next = await reader.read(); !next.done; next = await reader.read())
        rest += new TextDecoder().decode(next.value);
      assert.equal(rest, 'second');
    } finally {
      finish();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    }
  });
});
