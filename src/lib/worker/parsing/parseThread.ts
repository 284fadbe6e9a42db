/**
 * The module each parse thread loads (see parsePool.ts): runs one format step on one part of a file. Only
 * the CPU-bound work of the text pipeline happens here; the translation provider is called on the main
 * thread, between a part's `segments` and `render` steps.
 */
import { parentPort } from 'node:worker_threads';
import { PermanentItemError } from '../../errors.js';
import type { TextFormat } from '../../formats/format.js';
import { TEXT_FORMATS } from '../../formats/registry.js';
import type { ParseOutcome, ParseTask, TaskStarted } from './parseTask.js';

const formats = new Map(TEXT_FORMATS.map((format) => [format.id, format]));

function run(task: ParseTask, format: TextFormat): unknown {
  switch (task.kind) {
    case 'boundary':
      return format.chunkBoundary?.(task.text) ?? 0;
    case 'definitions':
      return format.collectDefinitions?.(task.text) ?? '';
    case 'segments':
      return format.parse(task.text, task.context).segments;
    case 'keyedSegments': {
      const { segments, keys } = format.parse(task.text, task.context);
      return keys ? { segments, keys } : { segments };
    }
    case 'units':
      return format.readUnits?.(task.text) ?? [];
    case 'spans':
      return format.parse(task.text, task.context).spans?.texts ?? [];
    case 'render':
      return format.parse(task.text, task.context).render(task.translations);
    case 'renderSpans': {
      const document = format.parse(task.text, task.context);
      if (!document.spans) throw new Error(`The ${task.format} format has no segment spans.`);
      return document.spans.render(task.translations, new Set(task.verbatim));
    }
  }
}

export default function parseThread(task: ParseTask & { id: number }): ParseOutcome {
  const started: TaskStarted = { parseTaskStarted: task.id };
  parentPort?.postMessage(started);
  const format = formats.get(task.format);
  if (!format) throw new Error(`No text format with id ${task.format}`);
  try {
    return { ok: true, value: run(task, format) };
  } catch (error) {
    if (error instanceof PermanentItemError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}
