import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { checkHealth } from '../../lib/health.js';
import type { Services } from '../../lib/services.js';
import { guarded, json } from './respond.js';

export function healthHandler(services: () => Services) {
  return (_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> =>
    guarded(context, async () => {
      const report = await checkHealth(services());
      return json(report.status === 'ok' ? 200 : 503, report);
    });
}
