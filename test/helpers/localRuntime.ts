import type { QueueHostSettings } from '../../src/runtime/hostSettings.js';
import { startLocalRuntime, type LocalRuntime } from '../../src/runtime/localRuntime.js';
import type { TestEnvironment } from './testServices.js';

/** Host semantics tuned for tests: immediate retries, fast idle polling, few tries before poison. */
export function fastHostSettings(overrides: Partial<QueueHostSettings> = {}): QueueHostSettings {
  return {
    batchSize: 16,
    newBatchThreshold: 8,
    maxPollingIntervalMs: 200,
    visibilityTimeoutMs: 0,
    maxDequeueCount: 3,
    messageEncoding: 'base64',
    ...overrides,
  };
}

/** A log sink that keeps its lines (`log.lines`) instead of printing them. */
export const quietLog = (): ((line: string) => void) & { lines: string[] } => {
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
  };
  return Object.assign(log, { lines });
};

/** The local runtime over a test environment's config and services, with test host semantics and any port. */
export function startTestRuntime(
  env: Pick<TestEnvironment, 'config' | 'services'>,
  hostOverrides: Partial<QueueHostSettings> = {},
): Promise<LocalRuntime> {
  return startLocalRuntime({
    config: env.config,
    services: env.services,
    hostSettings: fastHostSettings(hostOverrides),
    port: 0,
    log: quietLog(),
  });
}
