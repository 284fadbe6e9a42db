/** XML read by @xmldom/xmldom (not the product's parser) into a plain tree the XLIFF judge walks. */
import { DOMParser } from '@xmldom/xmldom';

export interface XmlNode {
  name: string;
  /** Local name, without the namespace prefix. */
  local: string;
  attributes: Map<string, string>;
  children: (XmlNode | string)[];
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  localName?: string | null;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

function convert(node: DomNode): XmlNode {
  const attributes = new Map<string, string>();
  for (const a of Array.from(node.attributes ?? [])) attributes.set(a.name, a.value);
  const children: (XmlNode | string)[] = [];
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === ELEMENT) children.push(convert(child));
    else if (child.nodeType === TEXT || child.nodeType === CDATA) children.push(child.nodeValue ?? '');
  }
  return { name: node.nodeName, local: node.localName ?? node.nodeName, attributes, children };
}

/** The document element, or the parser's reason for refusing the text. */
export function parseXml(text: string): XmlNode | string {
  const problems: string[] = [];
  try {
    const document = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problems.push(message);
      },
    }).parseFromString(text, 'text/xml') as unknown as { documentElement: DomNode | null };
    if (problems.length > 0 || !document.documentElement) return problems[0] ?? 'no document element';
    return convert(document.documentElement);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const elements = (node: XmlNode): XmlNode[] =>
  node.children.filter((c): c is XmlNode => typeof c !== 'string');

/** Every descendant element with this local name, with the `translate` value inherited down to it. */
export function descendants(
  node: XmlNode,
  local: string,
  translate = true,
): { node: XmlNode; translate: boolean }[] {
  const here = node.attributes.get('translate');
  const inherited = here === undefined ? translate : here !== 'no';
  if (node.local === local) return [{ node, translate: inherited }];
  return elements(node).flatMap((child) => descendants(child, local, inherited));
}

export const textOf = (node: XmlNode): string =>
  node.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');

/** Tags and attributes in document order, text as one marker per run: a skeleton to compare. */
export function skeleton(
  node: XmlNode,
  skip: (n: XmlNode) => boolean,
  dropAttributes: ReadonlySet<string>,
): string[] {
  if (skip(node)) return [];
  const attributes = [...node.attributes]
    .filter(([k]) => !dropAttributes.has(k))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  const inner = node.children.flatMap((c) =>
    typeof c === 'string' ? (c.trim() === '' ? [] : [`text:${c}`]) : skeleton(c, skip, dropAttributes),
  );
  return [`<${node.name}${attributes}>`, ...inner, `</${node.name}>`];
}

export const serialize = (node: XmlNode): string => skeleton(node, () => false, new Set()).join('');
