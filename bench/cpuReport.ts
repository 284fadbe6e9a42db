/** The report's section for the CPU benchmark (bench/cpu.ts): each format's CPU per megabyte against a reference. */
import type { CpuReport, CpuStep } from './cpu.js';
import type { Row } from './report.js';

const f1 = (n: number) => n.toFixed(1);
const f3 = (n: number) => n.toFixed(3);
const int = (n: number) => Math.round(n).toLocaleString('en-US');
/** Markdown's target: within 3× of markdown-it (issue 16). */
const MARKDOWN_TARGET = 3;

/** Why Markdown misses its target, from the steps' own figures (cpuMarkdownSteps.ts, in that order). */
function whyMissed(ours: number, reference: number, steps: CpuStep[]): string {
  const times = (i: number) => `${f1((steps[i]?.secondsPerMB ?? NaN) / reference)}×`;
  const remark = steps[3]?.secondsPerMB ?? NaN;
  return [
    `Why: the format reads remark's syntax tree (mdast), and remark alone costs more than ${MARKDOWN_TARGET}× markdown-it before any of our code runs. micromark's tokenizer, with no tree, costs ${times(1)} markdown-it's parse + render for CommonMark alone and ${times(2)} with the GFM and front-matter extensions the format needs (tables, footnotes, strikethrough, task lists, autolink literals, YAML); building the tree (mdast-util-from-markdown and remark-gfm's transforms) brings remark's parse to ${times(3)}.`,
    `Everything the format does on top of that tree (segments, link protection, rendering the translations, cutting into parts, the worker's second parse when it is not reused) adds ${f1((ours - remark) / reference)}×.`,
    "micromark is built for exact positions: it tokenizes one character at a time through state functions and emits enter/exit events carrying line, column and offset for every token, which is what lets the format splice translations by source offset inside paragraphs, links and emphasis. markdown-it scans with hand-written loops over character codes and keeps only line ranges for blocks, no source offsets for inline content (nor does commonmark.js, the other maintained CommonMark parser), so it cannot stand in without re-deriving every inline construct's position from the source.",
    `Within ${MARKDOWN_TARGET}× would take a parser that gives inline positions at about markdown-it's speed, which JavaScript does not have; what was ours to cut has been cut: the render step reuses the segments step's parse when it runs on the thread that made it (\`src/lib/formats/markdown/parseMemo.ts\`; always in this in-process measurement, and in the worker whenever Piscina hands the render to that thread), and links are searched once per segment, not again at render.`,
  ].join(' ');
}

export function cpuSection(report: CpuReport, summary: Row[]): string[] {
  const { method, results, markdownSteps } = report;
  const lines = [
    '## 9. CPU per megabyte of each format',
    '',
    `**Method.** Real files: the conformance suite's pinned inputs (\`conformance/sources.ts\`, read from its cache \`.cache/conformance\`, fetched like \`npm run test:conformance\` does when missing), a spread of at most ${int(method.maxBytesPerFormat)} bytes per format (every k-th file); plain text reads the Markdown sample as \`.txt\`. Files either side refuses are left out of both. **Ours** runs exactly the format steps of the worker's text pipeline (\`src/lib/worker/textPipeline.ts\`) through the registry's guarded formats (link protection included): cut into parts of ${int(method.partChars)} characters (\`textParts\` with the format's \`chunkBoundary\`), collect definitions when a file is cut, then for each part \`parse\` for segments and \`parse\` again + \`render\` with translations (every text piece upper-cased, so every segment is rewritten). The worker runs these steps on its parse pool's threads; here they run in-process on the same format code, so the figures leave out only the thread hand-off. **Reference**: the fastest maintained parser of the format, parsing and writing the same files back out. CPU = \`process.cpuUsage()\` (user + system) around whole passes over the files, after a warm-up pass; each round repeats passes until it has used ${method.minRoundSeconds} s of CPU; ${method.rounds} rounds alternate ours and the reference, and the median round is reported. MB = 10^6 bytes of UTF-8 input.`,
    '',
    '| format | input | files | bytes | reference (parse + write) | ours s/MB | reference s/MB | ours ÷ reference | rounds (ours; reference), s/MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const skipped = r.skipped > 0 ? ` (${r.skipped} refused by one side, left out)` : '';
    lines.push(
      `| ${r.format} | ${r.origin} | ${r.files}${skipped} | ${int(r.bytes)} | ${r.reference} | ${f3(r.ours.secondsPerMB)} | ${f3(r.theirs.secondsPerMB)} | **${f1(r.ours.secondsPerMB / r.theirs.secondsPerMB)}×** | ${r.ours.rounds.map(f3).join(', ')}; ${r.theirs.rounds.map(f3).join(', ')} |`,
    );
  }
  const markdown = results.find((r) => r.format === 'markdown');
  const reference = markdown?.theirs.secondsPerMB ?? NaN;
  if (markdownSteps.length > 0) {
    lines.push(
      '',
      `Where Markdown's CPU goes: the library steps under our format, each alone on the same ${markdown ? int(markdown.bytes) : ''} bytes (same rounds), against markdown-it's parse + render above.`,
      '',
      '| step | s/MB | ÷ markdown-it parse + render |',
      '| --- | --- | --- |',
      ...markdownSteps.map(
        (s) => `| ${s.step} | ${f3(s.secondsPerMB)} | ${f1(s.secondsPerMB / reference)}× |`,
      ),
    );
  }
  const ratio = markdown ? markdown.ours.secondsPerMB / markdown.theirs.secondsPerMB : undefined;
  const met = ratio === undefined ? undefined : ratio <= MARKDOWN_TARGET;
  const verdict = met === undefined ? 'not measured' : met ? 'met' : 'missed';
  lines.push(
    '',
    `**Target: Markdown within ${MARKDOWN_TARGET}× of markdown-it: ${verdict}${ratio === undefined ? '' : ` (${f1(ratio)}×)`}.**${met === false && markdown ? ` ${whyMissed(markdown.ours.secondsPerMB, reference, markdownSteps)}` : ''}`,
    '',
  );
  summary.push({
    benchmark: '9. CPU per MB, ours ÷ reference',
    result: results.map((r) => `${r.format} ${f1(r.ours.secondsPerMB / r.theirs.secondsPerMB)}×`).join(', '),
    target: `Markdown ≤ ${MARKDOWN_TARGET}× markdown-it`,
    verdict,
  });
  return lines;
}
