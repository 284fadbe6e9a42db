/** Deterministic documents for the benchmarks: the same bytes on every run. */
import { seededRandom } from '../test/helpers/prng.js';

const WORDS =
  'the translation pipeline reads each file from storage segments it sends the text to a provider and writes the result back while the tracker counts every outcome exactly once so a job never loses work'.split(
    ' ',
  );

function sentence(random: () => number): string {
  const length = 6 + Math.floor(random() * 14);
  const words = Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'word');
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random: () => number): string {
  return Array.from({ length: 1 + Math.floor(random() * 4) }, () => sentence(random)).join(' ');
}

export function markdown(random: () => number, approxBytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < approxBytes; i++) {
    const roll = random();
    const part =
      i % 12 === 0
        ? `## ${sentence(random)}`
        : roll < 0.15
          ? `- ${sentence(random)}\n- ${sentence(random)}\n- ${sentence(random)}`
          : roll < 0.2
            ? '```js\nconst answer = translate(text, { to: "es" });\n```'
            : roll < 0.3
              ? `See [the guide](https://example.com/docs/${i}) and \`config.json\`. ${sentence(random)}`
              : paragraph(random);
    parts.push(part);
    size += part.length + 2;
  }
  return parts.join('\n\n') + '\n';
}

export function html(random: () => number, approxBytes: number): string {
  const parts = ['<!doctype html>', '<html lang="en">', '<head><title>Guide</title></head>', '<body>'];
  let size = 0;
  for (let i = 0; size < approxBytes; i++) {
    const part =
      i % 10 === 0
        ? `<h2 id="s${i}">${sentence(random)}</h2>`
        : `<p class="body">${paragraph(random)} <a href="/docs/${i}">More</a></p>`;
    parts.push(part);
    size += part.length + 2;
  }
  parts.push('</body>', '</html>');
  return parts.join('\n\n') + '\n';
}

export function json(random: () => number, approxBytes: number): string {
  const entries: Record<string, { title: string; description: string; id: number }> = {};
  let size = 0;
  for (let i = 0; size < approxBytes; i++) {
    const entry = { title: sentence(random), description: paragraph(random), id: i };
    entries[`item_${i}`] = entry;
    size += JSON.stringify(entry).length + 12;
  }
  return JSON.stringify(entries, null, 2) + '\n';
}

const KINDS = ['.md', '.txt', '.html', '.json', '.srt'] as const;

/** SubRip cues of one sentence each, two seconds apart. */
function subtitles(random: () => number, approxBytes: number): string {
  const cues: string[] = [];
  const time = (s: number) =>
    `00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},000`;
  for (let i = 0, size = 0; size < approxBytes; i++) {
    const cue = `${i + 1}\n${time(2 * i)} --> ${time(2 * i + 2)}\n${sentence(random)}\n`;
    cues.push(cue);
    size += cue.length + 1;
  }
  return cues.join('\n');
}

/** `count` small files of mixed kinds, 200 B to 6 KB each. */
export function smallMixedFiles(count: number, seed = 1): Map<string, string> {
  const random = seededRandom(seed);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length] ?? '.txt';
    const bytes = 200 + Math.floor(random() * 5800);
    const body =
      kind === '.md'
        ? markdown(random, bytes)
        : kind === '.html'
          ? html(random, bytes)
          : kind === '.json'
            ? json(random, bytes)
            : kind === '.srt'
              ? subtitles(random, bytes)
              : Array.from({ length: Math.max(1, Math.floor(bytes / 120)) }, () => paragraph(random)).join(
                  '\n\n',
                );
    files.set(`docs/${i % 10}/file-${String(i).padStart(4, '0')}${kind}`, body);
  }
  return files;
}
