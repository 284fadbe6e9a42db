import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { METER_NAME } from './instruments.js';

/** What a log line is about: in Application Insights each is a `Properties` field of the `AppTraces` row. */
export interface LogFields {
  job_id?: string;
  item_key?: string;
  invocation_id?: string;
}

let exporting = false;

/**
 * Called once telemetry is exported (src/functions/telemetry.ts): from then on log lines go out as
 * OpenTelemetry log records carrying the fields as attributes, instead of as text through the host.
 */
export function exportStructuredLogs(): void {
  exporting = true;
}

const SEVERITY = {
  log: [SeverityNumber.INFO, 'Information'],
  warn: [SeverityNumber.WARN, 'Warning'],
  error: [SeverityNumber.ERROR, 'Error'],
} as const;

function errorAttributes(error: unknown): Record<string, string> {
  if (!(error instanceof Error))
    return error === undefined ? {} : { 'exception.message': describeError(error) };
  return {
    'exception.type': error.name,
    'exception.message': error.message,
    ...(error.stack ? { 'exception.stacktrace': error.stack } : {}),
  };
}

/** The fields as text, for the console and the host's log, where there are no attributes. */
const suffix = (fields: LogFields): string => {
  const pairs = Object.entries(fields).filter(([, value]) => value);
  return pairs.length > 0 ? ` [${pairs.map(([key, value]) => `${key}=${value}`).join(' ')}]` : '';
};

/**
 * A logger whose lines carry job id, item key and invocation id as fields: OpenTelemetry attributes when
 * telemetry is exported, a `[job_id=… item_key=… invocation_id=…]` suffix through `base` otherwise.
 */
export function structuredLogger(base: Logger, fields: LogFields): Logger {
  const emit = (level: keyof typeof SEVERITY, message: string, error?: unknown) => {
    if (!exporting) {
      if (level === 'error') base.error(`${message}${suffix(fields)}`, error);
      else base[level](`${message}${suffix(fields)}`);
      return;
    }
    const [severityNumber, severityText] = SEVERITY[level];
    const attributes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value));
    logs.getLogger(METER_NAME).emit({
      severityNumber,
      severityText,
      body: message,
      attributes: { ...attributes, ...errorAttributes(error) },
    });
  };
  return {
    log: (message) => emit('log', message),
    warn: (message) => emit('warn', message),
    error: (message, error) => emit('error', message, error),
  };
}

/** The job id and item key of a queue message, when it has them (before it is validated). */
export function messageFields(message: unknown): LogFields {
  if (typeof message !== 'object' || message === null) return {};
  const { job_id: jobId, item_key: itemKey } = message as Record<string, unknown>;
  return {
    ...(typeof jobId === 'string' ? { job_id: jobId } : {}),
    ...(typeof itemKey === 'string' ? { item_key: itemKey } : {}),
  };
}
