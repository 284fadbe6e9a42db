/**
 * How several segments share one APy request and are taken apart again: marker lines between them, edge
 * whitespace set aside, and long text cut at sentence boundaries. Pure text work, no HTTP.
 */

/** A piece of wire text with its edge whitespace set aside: engines drop or invent it (pro-drop, trims). */
export interface Chunk {
  lead: string;
  core: string;
  trail: string;
  translation?: string;
}

export function toChunk(text: string): Chunk {
  const core = text.trim();
  const start = text.indexOf(core);
  return { lead: text.slice(0, start), core, trail: text.slice(start + core.length) };
}

/**
 * Cuts text into parts of at most `max` characters whose concatenation is the text: after a sentence end or
 * line break when there is one, else after a space, else anywhere outside a `⟦n⟧` token and a surrogate pair.
 */
export function splitAtBoundaries(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = 0;
    for (const m of window.matchAll(/[.!?;:。！？]\s+|\n+/gu)) cut = m.index + m[0].length;
    if (cut === 0) for (const m of window.matchAll(/\s+/gu)) cut = m.index + m[0].length;
    if (cut === 0) {
      const open = window.lastIndexOf('⟦');
      cut = open > window.lastIndexOf('⟧') && open > 0 ? open : max;
      if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1)) && cut > 1) cut -= 1;
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

/**
 * Segments share a request separated by marker lines `\n⟦§0⟧.\n`, one after every segment (the last
 * included, so a cut anywhere shows). Observed on APy: the marker comes back verbatim on its own line; the
 * full stop makes the next segment start a sentence (without it Apertium capitalises mid-sentence, "número
 * de Frase"); no letters, so nothing is translated. The prefix grows (`⟦§§`) until no segment contains it.
 */
export function markerPrefix(cores: readonly string[]): string {
  let prefix = '⟦§';
  while (cores.some((core) => core.includes(prefix))) prefix += '§';
  return prefix;
}

/** The translation of each segment, or undefined when a marker is missing, repeated or a segment is empty. */
export function splitResponse(output: string, prefix: string, count: number): string[] | undefined {
  if (output.split(prefix).length - 1 !== count) return undefined;
  const pieces: string[] = [];
  let from = 0;
  for (let i = 0; i < count; i++) {
    const marker = `${prefix}${i}⟧`;
    const at = output.indexOf(marker, from);
    if (at < 0) return undefined;
    const piece = output.slice(from, at).trim();
    if (piece === '') return undefined;
    pieces.push(piece);
    from = at + marker.length;
    if (output[from] === '.') from += 1;
  }
  return output.slice(from).trim() === '' ? pieces : undefined;
}
