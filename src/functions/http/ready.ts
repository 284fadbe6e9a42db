import { checkReadiness } from '../../lib/readiness.js';
import type { Services } from '../../lib/services.js';
import { probeHandler } from './probe.js';

/** `GET /api/ready`: 200 when storage and the translator answer, else 503 naming what does not. */
export function readyHandler(services: () => Services) {
  return probeHandler(services, checkReadiness, 'ready');
}
