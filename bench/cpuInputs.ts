/**
 * Real inputs for the CPU benchmark: the conformance suite's pinned files (Debian sources and npm packages,
 * cached under .cache/conformance by `npm run test:conformance`, fetched the same way here when missing),
 * grouped by our format id. Plain text has no corpus of its own: it reads the Markdown files as text.
 */
import { fetchSources, listCorpus } from '../conformance/corpus.js';
import { SOURCES, type FormatKey } from '../conformance/sources.js';

export interface FormatInput {
  /** Our format's id (src/lib/formats/registry.ts). */
  format: string;
  files: string[];
  /** What the files are, for the report. */
  origin: string;
}

const FORMAT_IDS: Record<FormatKey, string> = {
  markdown: 'markdown',
  html: 'html',
  json: 'json',
  po: 'gettext',
  xliff: 'xliff',
  srt: 'srt',
  vtt: 'vtt',
};

/** Every k-th file, with k chosen so the sample holds about `maxBytes`: a spread over the corpus, not its head. */
function sample(files: string[], maxBytes: number): string[] {
  const total = files.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const stride = Math.max(1, Math.ceil(total / maxBytes));
  return files.filter((_, index) => index % stride === 0);
}

export function cpuInputs(maxBytesPerFormat: number): FormatInput[] {
  const corpus = listCorpus(fetchSources(SOURCES));
  const inputs: FormatInput[] = [];
  for (const [key, format] of Object.entries(FORMAT_IDS) as [FormatKey, string][]) {
    const files = corpus.filter((f) => f.format === key).map((f) => f.read().toString('utf8'));
    const projects = new Set(corpus.filter((f) => f.format === key).map((f) => f.project)).size;
    inputs.push({
      format,
      files: sample(files, maxBytesPerFormat),
      origin: `${files.length} conformance files from ${projects} project${projects === 1 ? '' : 's'}`,
    });
  }
  const markdown = inputs.find((i) => i.format === 'markdown');
  if (markdown) {
    inputs.push({
      format: 'text',
      files: markdown.files,
      origin: 'the Markdown sample read as .txt',
    });
  }
  return inputs;
}
