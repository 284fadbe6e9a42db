import { ValidationError } from '../errors.js';

/**
 * Containers the app itself lives in, which the app identity can read and write like any other: the host's
 * keys and leases (`azure-webjobs-*`), the deployment package (`app-package`, infra/bicep/main.bicep) and the
 * durable task hub's (host.json `hubName` is `%DURABLE_TASK_HUB%`, config `durable.taskHub`; the Azure Storage
 * provider names its containers after the hub in lower case). A job naming one could read the host's secrets or
 * overwrite the app, so none may be a job's source or target. Drift tests keep these names equal to host.json
 * and Bicep.
 */
export const RESERVED_CONTAINER_PREFIX = 'azure-webjobs-';
export const DEPLOYMENT_CONTAINER = 'app-package';

/**
 * The reserved container names for a task hub, and the segment memory's container when given (a job writing
 * there could forge or wipe every file's memory).
 */
export function reservedContainers(taskHub: string, memoryContainer?: string): readonly string[] {
  const hub = taskHub.toLowerCase();
  return [
    ...(memoryContainer ? [memoryContainer] : []),
    'azure-webjobs-secrets',
    'azure-webjobs-hosts',
    DEPLOYMENT_CONTAINER,
    ...['leases', 'largemessages', 'applease'].map((suffix) => `${hub}-${suffix}`),
  ];
}

export const isReservedContainer = (name: string, taskHub: string, memoryContainer?: string): boolean =>
  name.startsWith(RESERVED_CONTAINER_PREFIX) || reservedContainers(taskHub, memoryContainer).includes(name);

/** Refuses a job whose source or target is one of the app's own containers. */
export function assertNotReserved(
  containers: { source_container: string; target_container: string },
  taskHub: string,
  memoryContainer?: string,
): void {
  const details = Object.entries(containers)
    .filter(([, name]) => isReservedContainer(name, taskHub, memoryContainer))
    .map(([field, name]) => ({ field, message: `"${name}" is one of the app's own containers` }));
  if (details.length === 0) return;
  throw new ValidationError(
    `${details.map((d) => d.field).join(' and ')} may not be one of the app's own containers: ${reservedContainers(taskHub, memoryContainer).join(', ')} or any container starting with "${RESERVED_CONTAINER_PREFIX}".`,
    details,
    'invalid_container',
  );
}
