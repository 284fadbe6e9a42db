import type { TableClient } from '@azure/data-tables';
import { JOB_ROW } from './keys.js';

/** What the webhook path records on the job row; `''` clears a field. */
export interface WebhookState {
  callback_queued_at?: string;
  callback_delivered_at?: string;
  callback_error?: string;
}

/** Merges webhook bookkeeping into the job row (no ETag: only the webhook path writes these fields). */
export async function recordWebhookState(
  table: TableClient,
  jobId: string,
  state: WebhookState,
): Promise<void> {
  await table.updateEntity({ partitionKey: jobId, rowKey: JOB_ROW, ...state }, 'Merge');
}
