import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ConfigError } from '../../lib/errors.js';
import { checkHealth } from '../../lib/health.js';
import { packageVersion } from '../../lib/packageVersion.js';
import type { Services } from '../../lib/services.js';
import { guarded, json } from './respond.js';

export function healthHandler(services: () => Services) {
  return (_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> =>
    guarded(context, async () => {
      let built: Services;
      try {
        built = services();
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return json(503, { status: 'misconfigured', version: packageVersion(), problems: error.problems });
      }
      const report = await checkHealth(built);
      return json(report.status === 'ok' ? 200 : 503, report);
    });
}
