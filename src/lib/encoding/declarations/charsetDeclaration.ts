/** An encoding label written in a file, and where: `text.slice(start, end)` is the label. */
export interface CharsetDeclaration {
  label: string;
  start: number;
  end: number;
}
