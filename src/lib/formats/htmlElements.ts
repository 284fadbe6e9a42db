import { defaultTreeAdapter as tree, type DefaultTreeAdapterTypes as Html } from 'parse5';

/** Neither their content nor their attributes are human text. */
export const SKIPPED = new Set(['script', 'style', 'template', 'noembed', 'noframes', 'xmp', 'plaintext']);
/** Elements whose content is code, data or markup of its own, never prose, wherever they appear. */
export const UNTRANSLATED_CONTENT: ReadonlySet<string> = new Set([
  ...SKIPPED,
  ...['code', 'kbd', 'samp', 'var', 'tt', 'pre', 'listing', 'textarea', 'svg', 'math'],
]);
/** Inside a sentence they are kept whole (their content is code, data or embedded media). */
const KEPT_INLINE = new Set([
  ...[...UNTRANSLATED_CONTENT].filter((tag) => tag !== 'pre' && tag !== 'listing'),
  ...['img', 'br', 'wbr', 'input', 'iframe', 'embed', 'meter', 'progress'],
]);
/** Blocks whose content is never translated. */
const KEPT_BLOCK = new Set(['pre', 'listing']);
/** Phrasing elements a sentence flows through: their tags become keep pieces of the sentence's segment. */
const INLINE = new Set([
  ...['a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'button', 'cite', 'data', 'del', 'dfn', 'em', 'font'],
  ...['i', 'ins', 'label', 'mark', 'nobr', 'output', 'q', 'rb', 'rp', 'rt', 'rtc', 'ruby', 's', 'small'],
  ...['span', 'strike', 'strong', 'sub', 'sup', 'time', 'u'],
]);
const TEXT_ATTRIBUTES = new Set([
  ...['alt', 'title', 'placeholder', 'aria-label', 'aria-description', 'aria-roledescription'],
]);
/** Meta tags whose `content` is shown to people (search results, link previews); the rest are data. */
const TEXT_META = new Set([
  ...['description', 'og:title', 'og:description', 'og:image:alt'],
  ...['twitter:title', 'twitter:description', 'twitter:image:alt'],
]);
const WORD = /[\p{L}\p{N}]/u;

export const attributeOf = (element: Html.Element, name: string): string | undefined =>
  element.attrs.find((a) => a.name === name)?.value;

/** translate="no" and Google's class="notranslate" cover the element's whole subtree. */
export function isTranslatableBy(attribute: (name: string) => string | undefined): boolean {
  if (attribute('translate')?.trim().toLowerCase() === 'no') return false;
  return !(attribute('class') ?? '').split(/[ \t\n\f\r]+/).includes('notranslate');
}

export const isTranslatable = (element: Html.Element): boolean =>
  isTranslatableBy((name) => attributeOf(element, name));

/** The attributes of `element` that people read. */
export function textAttributes(element: Html.Element): string[] {
  const names = element.attrs.map((a) => a.name).filter((name) => TEXT_ATTRIBUTES.has(name));
  const tag = element.tagName;
  const metaName = (attributeOf(element, 'name') ?? attributeOf(element, 'property') ?? '').toLowerCase();
  if (tag === 'meta' && TEXT_META.has(metaName)) names.push('content');
  const inputType = attributeOf(element, 'type')?.toLowerCase() ?? '';
  if (tag === 'input' && ['submit', 'button', 'reset'].includes(inputType)) names.push('value');
  if (['option', 'optgroup', 'track'].includes(tag)) names.push('label');
  return names;
}

/**
 * How an element takes part in segments: `inline` (its tags are keep pieces of the sentence around it),
 * `kept` (kept whole inside the sentence), `break` (ends the sentence, content untranslated) or
 * `container` (ends the sentence, its content forms its own segments).
 */
export type Role = 'inline' | 'kept' | 'break' | 'container';

export interface ElementRoles {
  roleOf(element: Html.Element): Role;
  /** False for elements without letters or digits in them (images, icons, empty code): they say nothing alone. */
  hasWords(element: Html.Element): boolean;
}

/**
 * Roles of every element in the document, computed children first over a flat list rather than by
 * recursion: deeply nested files must not overflow the stack.
 */
export function elementRoles(document: Html.Document): ElementRoles {
  const order: Html.Element[] = [];
  const pending: Html.ParentNode[] = [document];
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (const child of node.childNodes) {
      if (!tree.isElementNode(child)) continue;
      order.push(child);
      pending.push(child);
    }
  }
  /** Elements that can sit inside a sentence: nothing in them starts a new block. */
  const phrasing = new Set<Html.Element>();
  const worded = new Set<Html.Element>();
  // A parent is listed before its children, so walking the list backwards sees every child first.
  for (const element of order.reverse()) {
    const children = element.childNodes;
    const tag = element.tagName;
    const wordy = (child: Html.ChildNode) =>
      tree.isTextNode(child) ? WORD.test(child.value) : tree.isElementNode(child) && worded.has(child);
    if (children.some(wordy)) worded.add(element);
    const flowsThrough = () => children.every((child) => !tree.isElementNode(child) || phrasing.has(child));
    if (KEPT_INLINE.has(tag) || (INLINE.has(tag) && (!isTranslatable(element) || flowsThrough())))
      phrasing.add(element);
  }
  return {
    roleOf(element) {
      if (!isTranslatable(element) || KEPT_INLINE.has(element.tagName))
        return phrasing.has(element) ? 'kept' : 'break';
      if (KEPT_BLOCK.has(element.tagName)) return 'break';
      return phrasing.has(element) ? 'inline' : 'container';
    },
    hasWords: (element) => worded.has(element),
  };
}
