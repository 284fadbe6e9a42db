/**
 * Benchmark 8: incremental re-runs with the segment memory (src/lib/memory). A 1,000-segment file each of
 * Markdown, JSON and PO is translated by `translateItem` with the Azure provider speaking HTTP to the v3 test
 * server: a first run; a re-run after 1% of its segments changed; a re-run of the same content under another
 * name; a re-run after a reviewer edited 5% of the target's units. Each scenario runs with the memory off (the
 * app before it) and on, against a fresh Azurite each, counting the storage requests the item makes.
 */
import { randomUUID } from 'node:crypto';
import dc from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { NO_TERMS } from '../src/lib/glossary/applyTerms.js';
import type { TranslateItemMessage } from '../src/lib/messages.js';
import { itemKeyOf } from '../src/lib/tracker/keys.js';
import { AzureTranslator } from '../src/lib/translation/azure/azureTranslator.js';
import { translateItem } from '../src/lib/worker/translateItem.js';
import type { ItemResult } from '../src/lib/worker/itemResult.js';
import { AzureTranslatorTestServer } from '../test/helpers/azureTranslatorServer.js';
import { seededRandom } from '../test/helpers/prng.js';
import { freshStorage, uploadFiles, type BenchStorage } from './storage.js';

export const MEMORY_SETUP = { segments: 1000, editedFraction: 0.01, reviewedFraction: 0.05 };

export type MemoryScenario =
  'first run' | '1% of segments edited' | 'renamed' | 'reviewer edits in 5% of units';

export interface ScenarioCounts {
  charged: number;
  storageCalls: number;
  segments?: number;
  reused?: number;
  editsKept?: number;
  cache?: string;
}

export interface MemoryResult {
  format: string;
  scenario: MemoryScenario;
  off: ScenarioCounts;
  on: ScenarioCounts;
  /** Reviewer scenario: edited units, and how many of them the output still holds (memory off / on). */
  reviewed?: { edited: number; keptOff: number; keptOn: number };
}

const WORDS =
  'the translation pipeline reads each file from storage segments it sends the text to a provider and writes the result back'.split(
    ' ',
  );

function sentences(count: number): string[] {
  const random = seededRandom(8);
  return Array.from({ length: count }, (_, i) => {
    const length = 6 + Math.floor(random() * 10);
    const words = Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'word');
    return `Item ${i} ${words.join(' ')}.`;
  });
}

interface Format {
  name: string;
  path: string;
  write(texts: readonly string[]): string;
  /** A reviewer's edit of unit `i` in a target this format wrote. */
  review(target: string, units: readonly number[]): string;
  /** How many reviewed units the output still holds. */
  kept(output: string, units: readonly number[]): number;
}

const reviewed = (i: number) => `Revisado por una persona ${i}`;
const countKept = (output: string, units: readonly number[]) =>
  units.filter((i) => output.includes(reviewed(i))).length;

const FORMATS: Format[] = [
  {
    name: 'Markdown',
    path: 'doc.md',
    write: (texts) => texts.map((t) => `${t}\n`).join('\n'),
    review: (target, units) => {
      const paragraphs = target.split('\n\n');
      for (const i of units) paragraphs[i] = `${reviewed(i)}\n`;
      return paragraphs.join('\n\n');
    },
    kept: countKept,
  },
  {
    name: 'JSON',
    path: 'doc.json',
    write: (texts) => `${JSON.stringify(Object.fromEntries(texts.map((t, i) => [`key${i}`, t])), null, 2)}\n`,
    review: (target, units) => {
      const values = JSON.parse(target) as Record<string, string>;
      for (const i of units) values[`key${i}`] = reviewed(i);
      return `${JSON.stringify(values, null, 2)}\n`;
    },
    kept: countKept,
  },
  {
    name: 'PO',
    path: 'doc.po',
    write: (texts) =>
      [
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
        ...texts.map((t) => `msgid "${t}"\nmsgstr ""\n`),
      ].join('\n'),
    review: (target, units) => {
      const entries = target.split('\n\n');
      // Entry 0 is the header.
      for (const i of units)
        entries[i + 1] = (entries[i + 1] ?? '').replace(/msgstr ".*"/, `msgstr "${reviewed(i)}"`);
      return entries.join('\n\n');
    },
    kept: countKept,
  },
];

/** Storage requests (Azurite's paths start with its account) made while `run` runs. */
async function countingStorageCalls<T>(run: () => Promise<T>): Promise<{ value: T; calls: number }> {
  let calls = 0;
  const onRequest = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    if (request.path.startsWith('/devstoreaccount1')) calls++;
  };
  dc.subscribe('http.client.request.start', onRequest);
  try {
    return { value: await run(), calls };
  } finally {
    dc.unsubscribe('http.client.request.start', onRequest);
  }
}

const message = (path: string, bytes: number): TranslateItemMessage => ({
  kind: 'translate',
  job_id: randomUUID(),
  item_key: itemKeyOf(0, path, 'es'),
  source_container: 'bench-memory',
  source_path: path,
  target_container: 'bench-memory-out',
  target_path: `es/${path}`,
  target_language: 'es',
  source_language: 'en',
  size: bytes,
});

const countsOf = (result: ItemResult, storageCalls: number): ScenarioCounts => ({
  charged: result.charactersCharged,
  storageCalls,
  ...(result.memory
    ? { segments: result.memory.segments, reused: result.memory.reused, editsKept: result.memory.editsKept }
    : {}),
  ...(result.cache ? { cache: result.cache } : {}),
});

interface ModeRun {
  counts: Map<MemoryScenario, ScenarioCounts>;
  kept: number;
}

async function runScenarios(
  storage: BenchStorage,
  format: Format,
  units: readonly number[],
): Promise<ModeRun> {
  const { services } = storage;
  const texts = sentences(MEMORY_SETUP.segments);
  const step = Math.round(1 / MEMORY_SETUP.editedFraction);
  const edited = texts.map((t, i) => (i % step === step - 1 ? t.replace('.', ' today.') : t));
  const blob = (path: string) =>
    services.storage.blobs.getContainerClient('bench-memory').getBlockBlobClient(path);
  const target = services.storage.blobs
    .getContainerClient('bench-memory-out')
    .getBlockBlobClient(`es/${format.path}`);
  const run = async (path: string) => {
    const text = (await blob(path).downloadToBuffer()).toString('utf8');
    const { value, calls } = await countingStorageCalls(() =>
      translateItem(services, message(path, Buffer.byteLength(text)), NO_TERMS),
    );
    return countsOf(value, calls);
  };
  const counts = new Map<MemoryScenario, ScenarioCounts>();
  await uploadFiles(services, 'bench-memory', [[format.path, format.write(texts)]]);
  counts.set('first run', await run(format.path));
  await uploadFiles(services, 'bench-memory', [[format.path, format.write(edited)]]);
  counts.set('1% of segments edited', await run(format.path));
  await uploadFiles(services, 'bench-memory', [[`renamed/${format.path}`, format.write(edited)]]);
  counts.set('renamed', await run(`renamed/${format.path}`));
  const reviewedText = format.review((await target.downloadToBuffer()).toString('utf8'), units);
  await target.upload(reviewedText, Buffer.byteLength(reviewedText));
  counts.set('reviewer edits in 5% of units', await run(format.path));
  const kept = format.kept((await target.downloadToBuffer()).toString('utf8'), units);
  return { counts, kept };
}

export async function measureMemory(log: (line: string) => void): Promise<MemoryResult[]> {
  const server = await AzureTranslatorTestServer.start({ key: 'bench', region: 'westeurope' });
  const translator = new AzureTranslator({
    endpoint: server.endpoint,
    auth: { kind: 'key', key: 'bench', region: 'westeurope' },
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, totalBudgetMs: 10_000 },
    concurrency: 4,
    requestTimeoutMs: 60_000,
  });
  const step = Math.round(1 / MEMORY_SETUP.reviewedFraction);
  const units = Array.from({ length: MEMORY_SETUP.segments }, (_, i) => i).filter((i) => i % step === 3);
  const results: MemoryResult[] = [];
  try {
    for (const format of FORMATS) {
      const modes: ModeRun[] = [];
      for (const memory of ['false', 'true']) {
        log(`memory: ${format.name}, segment memory ${memory === 'true' ? 'on' : 'off'}...`);
        const storage = await freshStorage({ SEGMENT_MEMORY: memory }, { translator });
        try {
          modes.push(await runScenarios(storage, format, units));
        } finally {
          await storage.stop();
        }
      }
      const [off, on] = modes;
      if (!off || !on) continue;
      for (const [scenario, onCounts] of on.counts) {
        const offCounts = off.counts.get(scenario);
        if (!offCounts) continue;
        results.push({
          format: format.name,
          scenario,
          off: offCounts,
          on: onCounts,
          ...(scenario === 'reviewer edits in 5% of units'
            ? { reviewed: { edited: units.length, keptOff: off.kept, keptOn: on.kept } }
            : {}),
        });
        log(
          `  ${scenario}: ${onCounts.charged} chars (off: ${offCounts.charged}), ${onCounts.storageCalls} storage calls (off: ${offCounts.storageCalls})`,
        );
      }
    }
    return results;
  } finally {
    await server.close();
  }
}
