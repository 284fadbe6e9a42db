/** One line of a subtitle file: `end` is where its content stops, `next` where the following line starts. */
export interface Line {
  start: number;
  end: number;
  next: number;
  text: string;
  /** False for a last line that no line break ends: in a part of a streamed file, it may still grow. */
  complete: boolean;
}

/** Splits on CRLF, LF and CR, as both WebVTT and SubRip readers do; a leading byte order mark is no part of the first line. */
export function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  for (const match of source.matchAll(/([^\r\n]*)(\r\n|\n|\r|$)/g)) {
    if (match.index === source.length && match[0] === '') break;
    const bom = match.index === 0 && source.startsWith('\uFEFF') ? 1 : 0;
    const text = (match[1] ?? '').slice(bom);
    lines.push({
      start: match.index + bom,
      end: match.index + bom + text.length,
      next: match.index + match[0].length,
      text,
      complete: (match[2] ?? '') !== '',
    });
  }
  return lines;
}
