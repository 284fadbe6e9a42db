/**
 * `npm run test:conformance [-- --format po,xliff] [--project NAME] [--list] [--report-only]`
 * Fetches the pinned real-world inputs (cached), runs every file through the product path and its judge,
 * prints the figures, writes docs/conformance.md (full runs only) and the failures JSON, and exits non-zero
 * unless the guard passes (`--report-only`/`--no-guard` never fail on the figures).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { ensureSystemPackages } from '../scripts/systemPackages.js';
import { CACHE_DIR, FAILURES_FILE, REPORT_FILE } from './cache.js';
import { fetchSources, listCorpus } from './corpus.js';
import { realProject, withEmptiedCatalogues } from './emptiedCatalogues.js';
import { evaluate, type FileResult } from './evaluate.js';
import { closeParsePools } from '../src/lib/worker/parsing/parsePool.js';
import { guardFailures } from './guard.js';
import { prepareXliffSchemas } from './judges/xliffSchemas.js';
import { listFailures } from './listing.js';
import { writeReport } from './report.js';
import { FORMATS, SOURCES, type FormatKey } from './sources.js';
import { percent, tallyBy } from './tally.js';

const { values } = parseArgs({
  options: {
    format: { type: 'string', multiple: true },
    project: { type: 'string', multiple: true },
    list: { type: 'boolean', default: false },
    'report-only': { type: 'boolean', default: false },
    'no-guard': { type: 'boolean', default: false },
  },
});
const formats = (values.format ?? []).flatMap((f) => f.split(',')) as FormatKey[];
const unknown = formats.filter((f) => !FORMATS.includes(f));
if (unknown.length > 0)
  throw new Error(`Unknown format ${unknown.join(', ')}; formats: ${FORMATS.join(', ')}`);
const projects = (values.project ?? []).flatMap((p) => p.split(','));
const filtered = formats.length > 0 || projects.length > 0;

ensureSystemPackages();
const started = Date.now();
// `--project git` runs git's files and their emptied variants; `--project "git (emptied)"` only the variants.
const realProjects = projects.map(realProject);
const selected = SOURCES.filter(
  (s) =>
    (projects.length === 0 || realProjects.includes(s.project)) &&
    (formats.length === 0 ||
      s.files.some((r) => formats.includes(r.format)) ||
      (s.specExamples && formats.includes('markdown'))),
);
mkdirSync(CACHE_DIR, { recursive: true });
const dirs = fetchSources(selected);
const symfony = [...dirs].find(([s]) => s.origin.kind === 'debian' && s.origin.package === 'symfony')?.[1];
if (symfony) prepareXliffSchemas(symfony);
const listed = listCorpus(dirs).filter((f) => formats.length === 0 || formats.includes(f.format));
const corpus = withEmptiedCatalogues(listed).filter(
  (f) => projects.length === 0 || projects.includes(f.project) || projects.includes(realProject(f.project)),
);
console.log(
  `conformance: ${corpus.length} files from ${selected.length} pinned packages (${Math.round((Date.now() - started) / 1000)} s to fetch and list)`,
);

const limit = pLimit(3);
let done = 0;
const results: FileResult[] = await Promise.all(
  corpus.map((file) =>
    limit(async () => {
      const result = await evaluate(file);
      if (++done % 500 === 0) console.log(`  ${done}/${corpus.length}`);
      return result;
    }),
  ),
);

await closeParsePools();

const byFormat = tallyBy(results, (r) => r.format);
for (const [format, t] of byFormat) {
  console.log(
    `${format.padEnd(9)} files ${t.files}, accepted ${t.accepted}, identity OK ${t.identityOk}, valid ${t.validOutputs}, ` +
      `ok ${t.ok} (${percent(t.ok, t.accepted)}), refused ${t.refused}, crashed ${t.crashed}, coverage ${percent(t.coverage.translated, t.coverage.expected)}`,
  );
}
const failing = results.filter((r) => r.outcome !== 'ok' && (r.inputAccepted || r.outcome === 'crashed'));
writeFileSync(FAILURES_FILE, JSON.stringify(failing, null, 1));
if (!filtered) {
  await writeReport(REPORT_FILE, results);
  console.log(`Report written to ${REPORT_FILE}.`);
}
if (values.list) console.log(`\n${listFailures(results)}\n`);
console.log(`Failures: ${FAILURES_FILE}. Took ${Math.round((Date.now() - started) / 1000)} s.`);

const failures = guardFailures(byFormat);
if (failures.length > 0) {
  console.log(`\nThe conformance guard fails:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  if (!values['report-only'] && !values['no-guard']) process.exit(1);
} else {
  console.log('The conformance guard passes.');
}
