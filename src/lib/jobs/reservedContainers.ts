import { ValidationError } from '../errors.js';

/**
 * Containers the app itself lives in, which the app identity can read and write like any other: the host's
 * keys and leases (`azure-webjobs-*`), the deployment package (`app-package`, infra/bicep/main.bicep) and the
 * durable task hub's (`hubName` in host.json). A job naming one could read the host's secrets or overwrite the
 * app, so none may be a job's source or target. Drift tests keep these names equal to host.json and Bicep.
 */
export const RESERVED_CONTAINER_PREFIX = 'azure-webjobs-';
export const DEPLOYMENT_CONTAINER = 'app-package';
export const DURABLE_TASK_HUB = 'batchtranslator';
export const RESERVED_CONTAINERS: readonly string[] = [
  'azure-webjobs-secrets',
  'azure-webjobs-hosts',
  DEPLOYMENT_CONTAINER,
  ...['leases', 'largemessages', 'applease'].map((suffix) => `${DURABLE_TASK_HUB}-${suffix}`),
];

export const isReservedContainer = (name: string): boolean =>
  name.startsWith(RESERVED_CONTAINER_PREFIX) || RESERVED_CONTAINERS.includes(name);

/** Refuses a job whose source or target is one of the app's own containers. */
export function assertNotReserved(containers: { source_container: string; target_container: string }): void {
  const details = Object.entries(containers)
    .filter(([, name]) => isReservedContainer(name))
    .map(([field, name]) => ({ field, message: `"${name}" is one of the app's own containers` }));
  if (details.length === 0) return;
  throw new ValidationError(
    `${details.map((d) => d.field).join(' and ')} may not be one of the app's own containers: ${RESERVED_CONTAINERS.join(', ')} or any container starting with "${RESERVED_CONTAINER_PREFIX}".`,
    details,
    'invalid_container',
  );
}
