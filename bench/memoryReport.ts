/** The report's section for benchmark 8 (bench/memory.ts): what re-runs cost with the segment memory. */
import { MEMORY_SETUP, type MemoryResult, type ScenarioCounts } from './memory.js';
import type { Row } from './report.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (n: number) => `${(n * 100).toFixed(2)}%`;
const memoryColumns = (c: ScenarioCounts) =>
  c.segments === undefined
    ? c.cache
      ? `output reused whole (${c.cache})`
      : '—'
    : `${int(c.reused ?? 0)} of ${int(c.segments)} reused, ${int(c.editsKept ?? 0)} edits kept`;

export function memorySection(results: MemoryResult[], summary: Row[]): string[] {
  const formats = [...new Set(results.map((r) => r.format))];
  const find = (format: string, scenario: MemoryResult['scenario']) =>
    results.find((r) => r.format === format && r.scenario === scenario);
  const verdicts = formats.map((format) => {
    const first = find(format, 'first run');
    const edited = find(format, '1% of segments edited');
    const renamed = find(format, 'renamed');
    const review = find(format, 'reviewer edits in 5% of units');
    const ratio = first && edited ? edited.on.charged / first.on.charged : NaN;
    const rise = Math.max(
      ...results.filter((r) => r.format === format).map((r) => r.on.storageCalls - r.off.storageCalls),
    );
    return {
      format,
      ratio,
      renamed: renamed?.on.charged ?? NaN,
      kept: review?.reviewed ? `${review.reviewed.keptOn} of ${review.reviewed.edited}` : '—',
      allKept: review?.reviewed ? review.reviewed.keptOn === review.reviewed.edited : false,
      rise,
    };
  });
  const met = (v: (typeof verdicts)[number]) => v.ratio <= 0.02 && v.renamed === 0 && v.rise <= 2;
  const lines = [
    '## 8. Incremental re-runs (segment memory)',
    '',
    `**Method.** One generated file each of Markdown (${int(MEMORY_SETUP.segments)} paragraphs), JSON (${int(MEMORY_SETUP.segments)} keys) and PO (${int(MEMORY_SETUP.segments)} entries), every segment a distinct English sentence, translated into Spanish by \`translateItem\` with the Azure provider speaking HTTP to the v3 test server (\`test/helpers/azureTranslatorServer.ts\`). Four runs in a row: **first run**; **1% of segments edited** (every 100th source sentence changed); **renamed** (the edited file's content under another path); **reviewer edits in 5% of units** (every 20th unit of the target rewritten by hand and uploaded, the source unchanged since the 1% run). The whole sequence runs twice per format, each against its own fresh Azurite: with \`SEGMENT_MEMORY=false\` (the app before the memory) and with it on. **Charged** is the item's \`characters_charged\`; **storage calls** are the HTTP requests to Azurite made while the item runs (blob and table; counted on Node's \`http.client.request.start\` diagnostics channel), the tracker's outcome record excluded (it is the same with and without the memory).`,
    '',
    '| format | run | charged, memory off | charged, memory on | on ÷ first run | memory | storage calls off → on | reviewer edits kept (off / on) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const first = find(r.format, 'first run');
      return `| ${r.format} | ${r.scenario} | ${int(r.off.charged)} | ${int(r.on.charged)} | ${first ? pct(r.on.charged / first.on.charged) : '—'} | ${memoryColumns(r.on)} | ${r.off.storageCalls} → ${r.on.storageCalls} (${r.on.storageCalls - r.off.storageCalls >= 0 ? '+' : ''}${r.on.storageCalls - r.off.storageCalls}) | ${r.reviewed ? `${r.reviewed.keptOff} / ${r.reviewed.keptOn} of ${r.reviewed.edited}` : ''} |`;
    }),
    '',
    `**Targets: the 1% re-run charges ≤ 2% of the first run; the renamed re-run charges 0; every reviewer edit is kept; storage calls per item rise by at most 2.** ${verdicts
      .map(
        (v) =>
          `${v.format}: ${pct(v.ratio)}, renamed ${int(v.renamed)}, edits kept ${v.kept}, at most +${v.rise} calls`,
      )
      .join(
        '; ',
      )}. A renamed file costs nothing through the file cache, which copies the earlier output. Every format keeps a reviewer's edits, reading the existing target (one GET) when there is a map to compare it with. Keyed formats (JSON key path, PO msgctxt+msgid, XLIFF unit id) find an edited unit by its key. Markdown has no keys: the target is parsed like a source, and its segment *j* is taken for entry *j* of the map as long as the two have as many segments (a target a person restructured, a paragraph added or removed, keeps no edits); each segment of the source is matched to the map's entries in file order by its source, so an inserted or deleted source paragraph does not shift the rest, and a segment whose source changed is translated again. An edited segment is written back exactly as the person left it. Where the calls go: the item reads its map (one GET) **before** asking the file cache, and the map names the cache key of the output it last wrote for this path. Same key (the file did not change): the target's own metadata says whether it still holds that output (one HEAD), so the cache table is not read; another key with the same fingerprint (the file changed): the cache lookup is skipped, since only a copy of this content elsewhere or a revert could hit and the memory answers every unchanged segment anyway. So the first run rises by 2 (the map's GET, a miss, and its PUT); the 1% re-run by 2 (map GET, target GET, map PUT, less the cache lookup); the rename by 1 (the new path's map GET, a miss, before the cache copies the output); the reviewer re-run by at most 1 (map GET, target GET, less the cache lookup; a map that did not change is not written again).`,
    '',
  ];
  const allMet = verdicts.every((v) => met(v));
  summary.push({
    benchmark: '8. incremental re-runs',
    result: verdicts
      .map(
        (v) =>
          `${v.format}: 1% edit ${pct(v.ratio)}, rename ${int(v.renamed)}, edits kept ${v.kept}, +${v.rise} calls`,
      )
      .join('; '),
    target: '≤ 2%; 0; all kept; ≤ +2 calls',
    verdict: allMet && verdicts.every((v) => v.allKept) ? 'met' : 'partly met',
  });
  return lines;
}
