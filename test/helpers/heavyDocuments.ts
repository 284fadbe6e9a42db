/**
 * Pathological inputs of issue 17, generated: each once blocked the event loop for seconds to minutes.
 * Sizes are parameters so unit tests can stay small while the reliability scenario uses the full ones.
 */

/** `[[[…]]]`: 50,000 nested brackets (100 KB) took 30 s to parse as Markdown. */
export const nestedBrackets = (depth = 50_000): string => `${'['.repeat(depth)}${']'.repeat(depth)}\n`;

/** A list nested `depth` levels deep (2,000 levels: 4 MB), two more spaces of indentation per level. */
export const deepList = (depth = 2000): string =>
  Array.from({ length: depth }, (_, i) => `${' '.repeat(2 * i)}- level ${i}`).join('\n') + '\n';

/** About `bytes` of paragraphs, each using its own reference link whose definition follows it. */
export function referenceLinks(bytes = 700_000): string {
  const parts: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const part = `See [item ${i}][ref${i}] here.\n\n[ref${i}]: https://example.com/page/${i} "Title ${i}"\n\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/** About `bytes` of ordinary Markdown: headings and paragraphs with emphasis, links and code. */
export function largeMarkdown(bytes: number): string {
  const parts: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const part = `## Section ${i}\n\nParagraph ${i} has *emphasis*, a [link](https://example.com/${i}) and \`code\`.\n\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/** The longest gap between ticks of a 20 ms timer while `work` runs: how long the event loop was blocked. */
export async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 20);
  try {
    const result = await work();
    stallMs = Math.max(stallMs, performance.now() - last);
    return { result, stallMs };
  } finally {
    clearInterval(ticker);
  }
}
