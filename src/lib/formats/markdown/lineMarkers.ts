import type { Atom } from './inlinePieces.js';

/**
 * Markers some renderers read at the start of a paragraph's line, though CommonMark sees text: GitHub
 * alerts (`> [!NOTE]`) and container directives (`:::tip`, `:::`). Translated, they stop working.
 */
const LINE_MARKER = /\[![A-Za-z]+\]|:::+[\w-]*/g;

export function protectLineMarkers(atoms: readonly Atom[]): Atom[] {
  const list: Atom[] = [];
  let atLineStart = true;
  for (const atom of atoms) {
    if (atom.kind === 'text') {
      let cursor = 0;
      for (const marker of atom.text.matchAll(LINE_MARKER)) {
        const lineStart = atom.text.lastIndexOf('\n', marker.index - 1) + 1;
        if (/\S/.test(atom.text.slice(lineStart, marker.index)) || (lineStart === 0 && !atLineStart))
          continue;
        if (marker.index > cursor) list.push({ kind: 'text', text: atom.text.slice(cursor, marker.index) });
        list.push({ kind: 'keep', text: marker[0], role: 'lineMarker' });
        cursor = marker.index + marker[0].length;
      }
      if (cursor < atom.text.length) list.push({ kind: 'text', text: atom.text.slice(cursor) });
    } else {
      list.push(atom);
    }
    atLineStart =
      atom.text.endsWith('\n') || (atLineStart && atom.kind === 'keep' && /^[ \t>]*$/.test(atom.text));
  }
  return list;
}

/**
 * A line marker opening the run (`[!NOTE]`, `:::tip`) or closing it (`:::`) is left out of the segment with
 * the blank space and quote markers next to it: a translation would put words before an opening marker.
 */
export function trimMarkers(atoms: Atom[], start: number, end: number) {
  let startsLine = true;
  const blank = (atom: Atom | undefined) =>
    atom !== undefined && (atom.role === 'linePrefix' || (atom.kind === 'text' && !/\S/.test(atom.text)));
  if (atoms[0]?.role === 'lineMarker') {
    let dropped = atoms.shift()?.text ?? '';
    while (blank(atoms[0])) dropped += atoms.shift()?.text ?? '';
    const head = atoms[0];
    const space = head?.kind === 'text' ? (/^\s*/.exec(head.text)?.[0] ?? '') : '';
    if (head && space) atoms[0] = { ...head, text: head.text.slice(space.length) };
    dropped += space;
    startsLine = dropped.includes('\n');
    start += dropped.length;
  }
  if (atoms.length > 1 && atoms.at(-1)?.role === 'lineMarker') {
    end -= atoms.pop()?.text.length ?? 0;
    while (blank(atoms.at(-1))) end -= atoms.pop()?.text.length ?? 0;
    const tail = atoms.at(-1);
    const space = tail?.kind === 'text' ? (/\s*$/.exec(tail.text)?.[0] ?? '') : '';
    if (tail && space) atoms[atoms.length - 1] = { ...tail, text: tail.text.slice(0, -space.length) };
    end -= space.length;
  }
  return { start, end, startsLine };
}
