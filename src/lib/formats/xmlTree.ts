import { SaxesParser } from 'saxes';

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

/** Comments, CDATA sections, processing instructions, the XML declaration and DOCTYPE: carried through untouched. */
export interface XmlOpaque {
  kind: 'opaque';
  start: number;
  end: number;
}

export type XmlNode = XmlElement | XmlOpaque;

export class XmlSyntaxError extends Error {}

const ENTITY_DECLARATION = /<!ENTITY\s+(?!%)([^\s"'>]+)/g;

/**
 * saxes (the strict XML 1.0 parser jsdom uses) decides well-formedness: names, attribute syntax and
 * uniqueness, comments, character and entity references, one root. Entities a DOCTYPE declares are
 * accepted by name; their values do not matter here, since nothing is decoded.
 */
function checkWellFormed(source: string): { elements: number } {
  const parser = new SaxesParser({ position: true });
  let problem: string | undefined;
  let elements = 0;
  parser.on('error', (error) => {
    problem ??= error.message.replace(/\.$/, '');
  });
  parser.on('doctype', (doctype) => {
    for (const [, name = ''] of doctype.matchAll(ENTITY_DECLARATION)) parser.ENTITIES[name] = '';
  });
  parser.on('opentag', () => {
    elements++;
  });
  parser.write(source).close();
  if (problem !== undefined) throw new XmlSyntaxError(problem);
  return { elements };
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Where the markup starting at `at` ends, for a document saxes has found well-formed. */
function markupEnd(source: string, at: number): number {
  const after = (marker: string, from: number) => source.indexOf(marker, from) + marker.length;
  if (source.startsWith('<!--', at)) return after('-->', at + 4);
  if (source.startsWith('<![CDATA[', at)) return after(']]>', at + 9);
  if (source.startsWith('<?', at)) return after('?>', at + 2);
  // Open tags may hold `>` in quoted values; a DOCTYPE also brackets its internal subset.
  let quote = '';
  let depth = 0;
  for (let i = at + 1; i < source.length; i++) {
    const ch = source[i];
    if (quote !== '') quote = ch === quote ? '' : quote;
    else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (ch === '>' && depth <= 0) return i + 1;
  }
  return source.length;
}

/**
 * Reads XML into a tree of exact source offsets. saxes checks the document; a single pass over it (quotes,
 * comments, CDATA, processing instructions and DOCTYPE subsets aware) then records where every tag starts
 * and ends, so `</source >`, `<?xml …?><root>` on one line or `>` inside attribute values are all exact.
 */
export function readXml(source: string): XmlElement {
  const { elements } = checkWellFormed(source);
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
  let seen = 0;
  for (let at = source.indexOf('<'); at !== -1;) {
    const end = markupEnd(source, at);
    const parent = open.at(-1) ?? document;
    const tag = source.slice(at, end);
    if (/^<[!?]/.test(tag)) {
      parent.children.push({ kind: 'opaque', start: at, end });
    } else if (tag.startsWith('</')) {
      const element = open.pop();
      if (!element || element === document) throw new XmlSyntaxError(`unexpected ${tag}`);
      element.closeStart = at;
      element.end = end;
    } else {
      const name = /^<([^\s/>]+)/.exec(tag)?.[1] ?? '';
      const attributes: Record<string, string> = {};
      for (const [, attribute = '', double, single] of tag.slice(1 + name.length).matchAll(ATTRIBUTE))
        attributes[attribute] = double ?? single ?? '';
      const selfClosing = tag.endsWith('/>');
      const element: XmlElement = {
        kind: 'element',
        name,
        attributes,
        start: at,
        openEnd: end,
        closeStart: end,
        end,
        selfClosing,
        children: [],
      };
      parent.children.push(element);
      if (!selfClosing) open.push(element);
      seen++;
    }
    at = source.indexOf('<', end);
  }
  const root = document.children.find((c): c is XmlElement => c.kind === 'element');
  // saxes and the offset pass must agree; a disagreement is markup one of them misread.
  if (!root || open.length !== 1 || seen !== elements)
    throw new XmlSyntaxError('the markup could not be located');
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
    const escaped = escapeAttribute(value).replace(quote === "'" ? /'/g : /(?!)/g, '&apos;');
    return `${tag.slice(0, valueStart)}${quote}${escaped}${quote}${tag.slice(valueStart + (existing[2]?.length ?? 0))}`;
  }
  const anchor = after === undefined ? null : attribute(after);
  const insertAt = anchor
    ? anchor.index + anchor[0].length
    : tag.length - (/\s*\/?>$/.exec(tag)?.[0].length ?? 1);
  return `${tag.slice(0, insertAt)} ${name}="${escapeAttribute(value)}"${tag.slice(insertAt)}`;
}
