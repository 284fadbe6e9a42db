import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { exportTmx } from '../../lib/jobs/exportTmx.js';
import type { Services } from '../../lib/services.js';
import { guarded } from './respond.js';

/**
 * The document as a byte stream pulled piece by piece. A failure after the first byte can no longer become
 * a JSON error: it is logged and the stream is broken off, so the client sees a truncated transfer (never a
 * TMX file that looks complete).
 */
function byteStream(pieces: AsyncIterable<string>, context: InvocationContext): ReadableStream<Uint8Array> {
  const iterator = pieces[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        context.error('TMX export failed while streaming', error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** `GET /api/jobs/{jobId}/tmx?target_language=es`: the job's translations as TMX 1.4b. */
export function exportTmxHandler(services: () => Services) {
  return (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> =>
    guarded(context, async () => {
      const tmx = await exportTmx(services(), request.params.jobId, request.query.get('target_language'));
      return {
        status: 200,
        headers: {
          'Content-Type': 'application/x-tmx+xml; charset=utf-8',
          'Content-Disposition': `attachment; filename="${tmx.fileName}"`,
          'Cache-Control': 'no-store',
        },
        body: byteStream(tmx.body, context),
      };
    });
}
