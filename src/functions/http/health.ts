import { checkHealth } from '../../lib/health.js';
import type { Services } from '../../lib/services.js';
import { probeHandler } from './probe.js';

/** `GET /api/health` (liveness): 200 when storage answers, else 503. */
export function healthHandler(services: () => Services) {
  return probeHandler(services, checkHealth, 'ok');
}
