import type { CharsetDeclaration } from './charsetDeclaration.js';

/**
 * The WHATWG "prescan a byte stream to determine its encoding" over text (bytes read as Latin-1, or decoded
 * text: only ASCII is significant). It skips comments and other tags the way browsers do, reads attributes
 * with their quoting, and honours `<meta charset>` and `<meta http-equiv="content-type" content="…charset=…">`.
 */

const isSpace = (char: string | undefined): boolean =>
  char === '\t' || char === '\n' || char === '\f' || char === '\r' || char === ' ';
const isLetter = (char: string | undefined): boolean => char !== undefined && /^[A-Za-z]$/.test(char);
/** ASCII lower case only: positions in the lowered copy stay those of the text. */
const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (char) => char.toLowerCase());

interface Attribute {
  name: string;
  value: string;
  /** Where the value's text starts in the scanned text (inside the quotes). */
  valueStart: number;
}

class Prescan {
  position = 0;
  constructor(
    readonly text: string,
    readonly end: number,
  ) {}

  private at(offset = 0): string | undefined {
    return this.position + offset < this.end ? this.text[this.position + offset] : undefined;
  }

  private startsWith(word: string): boolean {
    return asciiLower(this.text.slice(this.position, this.position + word.length)) === word;
  }

  /** "Get an attribute"; undefined when the tag ends or the text does. */
  private attribute(): Attribute | undefined {
    while (isSpace(this.at()) || this.at() === '/') this.position++;
    if (this.at() === undefined || this.at() === '>') return undefined;
    let name = '';
    for (;;) {
      const char = this.at();
      if (char === undefined) return undefined;
      if (char === '=' && name !== '') break;
      if (isSpace(char)) {
        while (isSpace(this.at())) this.position++;
        if (this.at() !== '=') return { name, value: '', valueStart: this.position };
        break;
      }
      if (char === '/' || char === '>') return { name, value: '', valueStart: this.position };
      name += asciiLower(char);
      this.position++;
    }
    this.position++;
    while (isSpace(this.at())) this.position++;
    const quote = this.at();
    if (quote === '"' || quote === "'") {
      this.position++;
      const valueStart = this.position;
      while (this.at() !== undefined && this.at() !== quote) this.position++;
      if (this.at() === undefined) return undefined;
      const value = asciiLower(this.text.slice(valueStart, this.position));
      this.position++;
      return { name, value, valueStart };
    }
    if (quote === '>') return { name, value: '', valueStart: this.position };
    const valueStart = this.position;
    while (this.at() !== undefined && !isSpace(this.at()) && this.at() !== '>') this.position++;
    if (this.at() === undefined) return undefined;
    return { name, value: asciiLower(this.text.slice(valueStart, this.position)), valueStart };
  }

  /** The charset of one `<meta>` whose attributes start at the position, if it declares one. */
  private meta(): CharsetDeclaration | undefined {
    const seen = new Set<string>();
    let gotPragma = false;
    let needPragma: boolean | undefined;
    let charset: CharsetDeclaration | undefined;
    for (let attribute = this.attribute(); attribute; attribute = this.attribute()) {
      if (seen.has(attribute.name)) continue;
      seen.add(attribute.name);
      if (attribute.name === 'http-equiv' && attribute.value === 'content-type') gotPragma = true;
      else if (attribute.name === 'content' && !charset) {
        const found = charsetInContent(attribute.value);
        if (found) {
          charset = {
            ...found,
            start: attribute.valueStart + found.start,
            end: attribute.valueStart + found.end,
          };
          needPragma = true;
        }
      } else if (attribute.name === 'charset') {
        const label = attribute.value.trim();
        const start = attribute.valueStart + attribute.value.indexOf(label);
        charset = { label, start, end: start + label.length };
        needPragma = false;
      }
    }
    if (needPragma === undefined || (needPragma && !gotPragma) || !charset) return undefined;
    return { ...charset, label: this.text.slice(charset.start, charset.end) };
  }

  private skipTo(char: string): void {
    const found = this.text.indexOf(char, this.position);
    this.position = found === -1 || found >= this.end ? this.end : found;
  }

  /** Every meta charset declaration in order, or only the first one. */
  scan(firstOnly: boolean): CharsetDeclaration[] {
    const found: CharsetDeclaration[] = [];
    while (this.position < this.end) {
      // Every step below starts at a "<": jump to the next one rather than test each character (whole documents).
      if (this.text[this.position] !== '<') {
        this.skipTo('<');
        continue;
      }
      if (this.startsWith('<!--')) {
        const close = this.text.indexOf('-->', this.position + 2);
        this.position = close === -1 ? this.end : close + 3;
        continue;
      }
      if (this.startsWith('<meta') && (isSpace(this.at(5)) || this.at(5) === '/')) {
        this.position += 6;
        const declaration = this.meta();
        if (declaration) {
          found.push(declaration);
          if (firstOnly) return found;
        }
      } else if (
        this.at() === '<' &&
        (isLetter(this.at(1)) || (this.at(1) === '/' && isLetter(this.at(2))))
      ) {
        while (this.at() !== undefined && !isSpace(this.at()) && this.at() !== '>') this.position++;
        while (this.attribute());
      } else if (this.startsWith('<!') || this.startsWith('</') || this.startsWith('<?')) {
        this.skipTo('>');
      }
      this.position++;
    }
    return found;
  }
}

/** "Extracting a character encoding from a meta element": the label after `charset=` in a content value. */
function charsetInContent(value: string): CharsetDeclaration | undefined {
  let from = 0;
  for (;;) {
    const at = value.indexOf('charset', from);
    if (at === -1) return undefined;
    let position = at + 'charset'.length;
    while (isSpace(value[position])) position++;
    if (value[position] !== '=') {
      from = position;
      continue;
    }
    position++;
    while (isSpace(value[position])) position++;
    const quote = value[position];
    if (quote === '"' || quote === "'") {
      const close = value.indexOf(quote, position + 1);
      if (close === -1) return undefined;
      return { label: value.slice(position + 1, close), start: position + 1, end: close };
    }
    let end = position;
    while (end < value.length && !isSpace(value[end]) && value[end] !== ';') end++;
    return end === position ? undefined : { label: value.slice(position, end), start: position, end };
  }
}

/** Browsers look only this far into the bytes for a meta charset declaration. */
export const HTML_PRESCAN_BYTES = 1024;

/** The declaration browsers honour: the first one in the first 1024 bytes (here, `text` is those bytes). */
export const htmlMetaCharset = (text: string): CharsetDeclaration | undefined =>
  new Prescan(text, Math.min(text.length, HTML_PRESCAN_BYTES)).scan(true)[0];

/** Every meta charset declaration in a whole document, for rewriting them all. */
export const htmlMetaCharsets = (text: string): CharsetDeclaration[] =>
  new Prescan(text, text.length).scan(false);
