import { Parser } from 'htmlparser2';
import type { Handler } from 'htmlparser2';

/** An element with the source offsets of its tags; for a self-closing element the content range is empty. */
export interface XmlElement {
  kind: 'element';
  name: string;
  /** Attribute values as written (entities not decoded). */
  attributes: Readonly<Record<string, string>>;
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  selfClosing: boolean;
  children: XmlNode[];
}

/** Comments, CDATA sections and processing instructions: carried through untouched. */
export interface XmlOpaque {
  kind: 'opaque';
  start: number;
  end: number;
}

export type XmlNode = XmlElement | XmlOpaque;

const OPEN_TAG =
  /^<[\p{L}_][\p{L}\p{N}_.:-]*(?:\s+[\p{L}_][\p{L}\p{N}_.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*\/?>$/u;
/** `<` and `&` may only appear in text as markup or an entity reference. */
const BAD_TEXT = /<|&(?!(?:#\d+|#x[\da-fA-F]+|[\p{L}_][\p{L}\p{N}_.-]*);)/u;

export class XmlSyntaxError extends Error {}

/**
 * Reads XML into a tree of offsets. htmlparser2 is lenient (it closes what you forget), so well-formedness
 * is checked here: tags match, text escapes `<` and `&`, attributes are quoted, one root element.
 */
export function readXml(source: string): XmlElement {
  const document: XmlElement = {
    kind: 'element',
    name: '#document',
    attributes: {},
    start: 0,
    openEnd: 0,
    closeStart: source.length,
    end: source.length,
    selfClosing: false,
    children: [],
  };
  const open: XmlElement[] = [document];
  let problem: string | undefined;
  let inCdata = false;
  const fail = (why: string) => {
    problem ??= why;
  };
  const current = () => open.at(-1) ?? document;
  const addOpaque = () =>
    current().children.push({ kind: 'opaque', start: parser.startIndex, end: parser.endIndex + 1 });

  const handler: Partial<Handler> = {
    onopentag(name, attributes) {
      const tag = source.slice(parser.startIndex, parser.endIndex + 1);
      if (!OPEN_TAG.test(tag)) fail(`malformed tag ${tag.slice(0, 60)}`);
      if (current() === document && document.children.some((c) => c.kind === 'element')) {
        fail('more than one root element');
      }
      const element: XmlElement = {
        kind: 'element',
        name,
        attributes,
        start: parser.startIndex,
        openEnd: parser.endIndex + 1,
        closeStart: parser.endIndex + 1,
        end: parser.endIndex + 1,
        selfClosing: tag.endsWith('/>'),
        children: [],
      };
      current().children.push(element);
      open.push(element);
    },
    onclosetag(name, isImplied) {
      const element = open.pop();
      if (!element || element.name !== name) return fail(`unexpected </${name}>`);
      if (element.selfClosing) return;
      if (isImplied) return fail(`<${name}> is not closed`);
      element.closeStart = parser.startIndex;
      element.end = parser.endIndex + 1;
    },
    ontext(text) {
      if (inCdata) return;
      if (current() === document && text.trim() !== '') fail('text outside the root element');
      if (BAD_TEXT.test(text)) fail(`unescaped < or & in "${text.trim().slice(0, 40)}"`);
    },
    oncomment: addOpaque,
    onprocessinginstruction: addOpaque,
    oncdatastart() {
      inCdata = true;
      addOpaque();
    },
    oncdataend() {
      inCdata = false;
    },
  };

  /** The tokenizer reports every `</name>`; htmlparser2 silently drops ones that close nothing. */
  class StrictParser extends Parser {
    override onclosetag(start: number, endIndex: number): void {
      const name = source.slice(start, endIndex);
      if (current().name !== name) fail(`</${name}> does not close <${current().name}>`);
      super.onclosetag(start, endIndex);
    }
  }

  const parser = new StrictParser(handler, { xmlMode: true, decodeEntities: false });
  parser.end(source);
  if (problem === undefined && open.length > 1) fail(`<${current().name}> is not closed`);
  const root = document.children.find((c): c is XmlElement => c.kind === 'element');
  if (problem !== undefined || !root) throw new XmlSyntaxError(problem ?? 'no root element');
  return root;
}

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * The open tag `tag` with `name` set to `value`: an existing value is replaced in place (same quotes), a new
 * attribute goes after `after` when that is present, else after the last attribute.
 */
export function withAttribute(tag: string, name: string, value: string, after?: string): string {
  const attribute = (attr: string) =>
    new RegExp(`(\\s${attr.replace(/[.:-]/g, '\\$&')}\\s*=\\s*)("[^"]*"|'[^']*')`).exec(tag);
  const existing = attribute(name);
  if (existing) {
    const quote = existing[2]?.charAt(0) ?? '"';
    const valueStart = existing.index + (existing[1]?.length ?? 0);
    return `${tag.slice(0, valueStart)}${quote}${escapeAttribute(value)}${quote}${tag.slice(valueStart + (existing[2]?.length ?? 0))}`;
  }
  const anchor = after === undefined ? null : attribute(after);
  const insertAt = anchor
    ? anchor.index + anchor[0].length
    : tag.length - (/\s*\/?>$/.exec(tag)?.[0].length ?? 1);
  return `${tag.slice(0, insertAt)} ${name}="${escapeAttribute(value)}"${tag.slice(insertAt)}`;
}
