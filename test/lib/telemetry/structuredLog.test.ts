import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { logs, type LogRecord } from '@opentelemetry/api-logs';
import {
  exportStructuredLogs,
  messageFields,
  structuredLogger,
} from '../../../src/lib/telemetry/structuredLog.js';
import type { Logger } from '../../../src/lib/logger.js';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: (m) => lines.push(`log ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

const fields = { job_id: 'job-1', item_key: 'docs/a.md|es', invocation_id: 'inv-9' };

void describe('structured logs', () => {
  void test('take the job id and item key from a queue message, whatever it holds', () => {
    assert.deepEqual(messageFields({ job_id: 'j', item_key: 'k', other: 1 }), { job_id: 'j', item_key: 'k' });
    assert.deepEqual(messageFields({ job_id: 7 }), {});
    assert.deepEqual(messageFields('text'), {});
  });

  // One test: exporting is switched on once per process, as in the Functions worker.
  void test('carry the fields as text until telemetry is exported, then as log record attributes', () => {
    const base = recordingLogger();
    structuredLogger(base, fields).warn('Item waits 60 s');
    assert.deepEqual(base.lines, [
      'warn Item waits 60 s [job_id=job-1 item_key=docs/a.md|es invocation_id=inv-9]',
    ]);

    const records: LogRecord[] = [];
    logs.setGlobalLoggerProvider({
      getLogger: () => ({
        enabled: () => true,
        emit: (record) => {
          records.push(record);
        },
      }),
    });
    exportStructuredLogs();
    const failure = new RangeError('broken rule');
    structuredLogger(base, fields).error('An internal error stopped an item', failure);
    assert.equal(base.lines.length, 1, 'nothing more through the host once records are exported');
    assert.equal(records.length, 1);
    assert.equal(records[0]?.body, 'An internal error stopped an item');
    assert.equal(records[0]?.severityText, 'Error');
    assert.deepEqual(
      { ...records[0]?.attributes, 'exception.stacktrace': undefined },
      {
        ...fields,
        'exception.type': 'RangeError',
        'exception.message': 'broken rule',
        'exception.stacktrace': undefined,
      },
    );
  });
});
