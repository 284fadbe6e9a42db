/** Files and a translator for the segment memory's tests: generated keyed files of `count` units. */
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import type { TranslateRequest, TranslateResult, Translator } from '../../src/lib/translation/translator.js';
import type { ItemLimits } from '../../src/lib/worker/itemLimits.js';
import type { JobStatusBody } from '../../src/lib/jobs/jobStatusBody.js';
import { runJobInProcess, writeBlobText } from './jobs.js';
import type { TestEnvironment } from './testServices.js';

/** Pseudo, remembering what it was sent, under a name a test can change (the provider is part of the memory's fingerprint). */
export class RenamableTranslator implements Translator {
  name = 'pseudo';
  readonly maxSegmentChars = 50_000;
  private readonly inner = new PseudoTranslator();
  sent: string[] = [];

  translate(request: TranslateRequest): Promise<TranslateResult> {
    for (const segment of request.segments) this.sent.push(segment.map((p) => p.text).join(''));
    return this.inner.translate(request);
  }
}

/** Large-file paths on files of tens of kilobytes. */
export const SMALL: ItemLimits = { singleReadBytes: 16 * 1024, partChars: 4 * 1024, blockBytes: 16 * 1024 };

export const jsonFile = (count: number, change: (i: number) => string = () => ''): string =>
  `${JSON.stringify(
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`key${i}`, `Message number ${i} for the user${change(i)}.`]),
    ),
    null,
    2,
  )}\n`;

export const poFile = (count: number, change: (i: number) => string = () => ''): string =>
  [
    'msgid ""',
    'msgstr ""',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '',
    ...Array.from({ length: count }, (_, i) => [
      `msgctxt "ctx${i % 3}"`,
      `msgid "Entry ${i} of the catalogue${change(i)}"`,
      'msgstr ""',
      '',
    ]).flat(),
  ].join('\n');

export const xliffFile = (count: number): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<xliff version="1.2"><file source-language="en" target-language="es" datatype="plaintext" original="x"><body>',
    ...Array.from(
      { length: count },
      (_, i) => `<trans-unit id="u${i}"><source>Unit ${i} says hello &amp; goodbye</source></trans-unit>`,
    ),
    '</body></file></xliff>',
    '',
  ].join('\n');

/** Source files and whole jobs into Spanish, on the environment a test file sets up in its `before`. */
export function spanishJobs(env: () => TestEnvironment): {
  put: (container: string, path: string, text: string) => Promise<void>;
  run: (source: string, target: string, extra?: Record<string, unknown>) => Promise<JobStatusBody>;
} {
  return {
    put: (container, path, text) => writeBlobText(env().services, container, path, text),
    run: (source, target, extra = {}) =>
      runJobInProcess(env().services, {
        source_container: source,
        target_container: target,
        target_language: 'es',
        ...extra,
      }),
  };
}
