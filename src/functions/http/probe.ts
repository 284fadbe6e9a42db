import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ConfigError } from '../../lib/errors.js';
import { packageVersion } from '../../lib/packageVersion.js';
import type { Services } from '../../lib/services.js';
import { guarded, json } from './respond.js';

/**
 * An anonymous probe (`/api/health`, `/api/ready`): 200 when `check` reports `healthy`, else 503 with its report;
 * invalid settings answer 503 `misconfigured` listing every problem, so the app never silently has no functions.
 */
export function probeHandler<Report extends { status: string }>(
  services: () => Services,
  check: (built: Services) => Promise<Report>,
  healthy: Report['status'],
) {
  return (_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> =>
    guarded(context, async () => {
      let built: Services;
      try {
        built = services();
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return json(503, { status: 'misconfigured', version: packageVersion(), problems: error.problems });
      }
      const report = await check(built);
      return json(report.status === healthy ? 200 : 503, report);
    });
}
