import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ConfigError } from '../../lib/errors.js';
import { packageVersion } from '../../lib/packageVersion.js';
import { checkReadiness } from '../../lib/readiness.js';
import type { Services } from '../../lib/services.js';
import { guarded, json } from './respond.js';

/** `GET /api/ready`: 200 when storage and the translator answer, else 503 naming what does not. */
export function readyHandler(services: () => Services) {
  return (_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> =>
    guarded(context, async () => {
      let built: Services;
      try {
        built = services();
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return json(503, { status: 'misconfigured', version: packageVersion(), problems: error.problems });
      }
      const report = await checkReadiness(built);
      return json(report.status === 'ready' ? 200 : 503, report);
    });
}
