import { defaultTreeAdapter as tree, parse, type DefaultTreeAdapterTypes as Html } from 'parse5';
import { sourceText } from '../translation/tokens.js';
import type { SegmentPieces } from '../translation/translator.js';
import type { FormatContext, ParsedDocument, SegmentSpans, TextFormat } from './format.js';
import { attributeValueRange, HtmlRegionFinder, type HtmlRegion, type SourceRange } from './htmlRegions.js';
import { outsideLinks } from './links.js';
import { rebuildTranslation } from './pieceMatching.js';

/**
 * HTML pages. Segments are block-level runs of text with their inline markup (`Hello <b>world</b>!` is one
 * segment whose tags are keep pieces; blank edges, comments, images and a tag pair wrapping the whole run
 * stay outside the segment), plus the values of attributes people read: alt, title, placeholder,
 * aria-label/-description/-roledescription, the label of option/optgroup/track, the value of submit/button/
 * reset inputs, and the content of meta description, og:title, og:description, og:image:alt, twitter:title,
 * twitter:description and twitter:image:alt (twitter:card, twitter:site and the like are data, not text).
 *
 * Never translated: script, style, template, pre, textarea content, code/kbd/samp/var (kept whole inside
 * sentences), anything under translate="no" or class="notranslate" (attributes included, as inside code and pre),
 * comments and the doctype. URLs and e-mail addresses in text (kept by the registry) are written as they
 * came, never re-escaped. Character
 * references are keep pieces. `<html lang>` is set to the target language (inserted when the html start tag
 * has none; nothing when the source has no html start tag).
 *
 * Output escaping: translations are plain text. Between the keep pieces of a segment, `<` becomes `&lt;` in
 * text, the attribute's quote becomes `&quot;`/`&#39;` in attribute values (an unquoted value that was
 * translated gets double quotes), and `&` becomes `&amp;` only where a browser would read it as the start of
 * a character reference (followed by a letter, digit or #), so "Tom & Jerry" stays as written. A segment
 * whose translation equals its source keeps its exact bytes.
 */

interface Edit extends SourceRange {
  write(render: Rendering): string;
}

/** One render's input, and (when asked) the stretch each segment got, by segment index. */
interface Rendering {
  translations: readonly string[];
  verbatim: ReadonlySet<number>;
  spans?: (string | undefined)[];
}

/**
 * Translators answer with `\n` whatever the source used: a region written with CRLF throughout gets CRLF
 * back (the rule splice.ts applies to the other formats), a region that mixes styles is left as returned.
 */
function matchLineEndings(original: string, translation: string): string {
  const crlf = original.match(/\r\n/g)?.length ?? 0;
  const all = original.match(/\n/g)?.length ?? 0;
  if (all === 0 || (crlf > 0 && crlf < all)) return translation;
  return crlf === all ? translation.replace(/\r?\n/g, '\r\n') : translation.replace(/\r\n/g, '\n');
}

const AMBIGUOUS_AMPERSAND = /&(?=[#A-Za-z\d])/g;

/** Addresses come back from translation as the source wrote them (see protectLinks) and stay so. */
const escapeText = (text: string): string =>
  outsideLinks(text, (part) => part.replace(AMBIGUOUS_AMPERSAND, '&amp;').replaceAll('<', '&lt;'));

const escapeAttribute = (text: string, quote: string): string =>
  text.replace(AMBIGUOUS_AMPERSAND, '&amp;').replaceAll(quote, quote === "'" ? '&#39;' : '&quot;');

/** `source` from `start` to `end`, with `edits` (sorted, disjoint, inside the span) written in place. */
function splice(source: string, span: SourceRange, edits: readonly Edit[], render: Rendering): string {
  let output = '';
  let cursor = span.start;
  for (const edit of edits) {
    output += source.slice(cursor, edit.start) + edit.write(render);
    cursor = edit.end;
  }
  return output + source.slice(cursor, span.end);
}

const within = (inner: SourceRange, outer: SourceRange): boolean =>
  outer.start <= inner.start && inner.end <= outer.end;

const byPosition = (a: SourceRange, b: SourceRange): number => a.start - b.start || a.end - b.end;

/** The last region starting at or before `offset` (regions sorted and disjoint). */
function regionAt(regions: readonly HtmlRegion[], offset: number): HtmlRegion | undefined {
  let [low, high] = [0, regions.length - 1];
  let found: HtmlRegion | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const region = regions[middle];
    if (region && region.start <= offset) [found, low] = [region, middle + 1];
    else high = middle - 1;
  }
  return found;
}

// Languages written right to left (ISO 639 codes, and any tag naming an RTL script).
const RIGHT_TO_LEFT = new Set([
  'ar',
  'arc',
  'ckb',
  'dv',
  'fa',
  'he',
  'iw',
  'ks',
  'ps',
  'sd',
  'syr',
  'ug',
  'ur',
  'yi',
]);
const RTL_SCRIPT = /-(Arab|Hebr|Syrc|Thaa|Nkoo|Adlm|Rohg)\b/i;

export const isRightToLeft = (language: string): boolean =>
  RTL_SCRIPT.test(language) ||
  (RIGHT_TO_LEFT.has(language.split('-')[0]?.toLowerCase() ?? '') && !/-Latn\b/i.test(language));

/**
 * `<html lang>` (and `xml:lang`) become the target language, and `dir` its direction: set when the target is
 * right-to-left, corrected when the source declared one. A source already in the target language is untouched.
 */
function languageEdits(document: Html.Document, source: string, language: string): Edit[] {
  const html = document.childNodes
    .filter((node) => tree.isElementNode(node))
    .find((node) => node.tagName === 'html');
  const location = html?.sourceCodeLocation;
  if (!location?.startTag) return [];
  const fixed = (start: number, end: number, text: string): Edit => ({ start, end, write: () => text });
  const edits: Edit[] = [];
  const afterTagName = location.startTag.startOffset + '<html'.length;
  const set = (name: string, wanted: string, insertWhenMissing: boolean): void => {
    const quoted = `"${escapeAttribute(wanted, '"')}"`;
    const attribute = location.attrs?.[name];
    if (!attribute) {
      if (insertWhenMissing) edits.push(fixed(afterTagName, afterTagName, ` ${name}=${quoted}`));
      return;
    }
    const value = attributeValueRange(source, attribute);
    if (!value) edits.push(fixed(attribute.endOffset, attribute.endOffset, `=${quoted}`));
    else if (source.slice(value.start, value.end) !== wanted) {
      const unquoted = /^[\w-]+$/.test(wanted) ? wanted : quoted;
      edits.push(
        fixed(value.start, value.end, value.quote ? escapeAttribute(wanted, value.quote) : unquoted),
      );
    }
  };
  set('lang', language, true);
  set('xml:lang', language, false);
  const rtl = isRightToLeft(language);
  set('dir', rtl ? 'rtl' : 'ltr', rtl);
  // Edits are sorted stably, so insertions at the same offset keep this order: lang, then dir.
  return edits;
}

class HtmlDocument implements ParsedDocument {
  readonly segments: SegmentPieces[];
  readonly spans: SegmentSpans;
  private readonly edits: Edit[];

  constructor(
    private readonly source: string,
    context: FormatContext,
  ) {
    // A byte order mark would otherwise be read as text before the doctype; a space has the same length.
    const parsable = source.startsWith('\uFEFF') ? ` ${source.slice(1)}` : source;
    const document = parse(parsable, { sourceCodeLocationInfo: true, scriptingEnabled: false });
    const { texts, attributes } = new HtmlRegionFinder(source).find(document);
    const nested = new Map<HtmlRegion, HtmlRegion[]>(texts.map((region) => [region, []]));
    const topLevel: HtmlRegion[] = [...texts];
    for (const attribute of attributes) {
      const container = regionAt(texts, attribute.start);
      if (!container || container.end <= attribute.start) topLevel.push(attribute);
      // An attribute inside a sentence sits in one of its tags (a keep piece): it is written with that tag.
      else if (container.pieces.some((p) => p.kind === 'keep' && within(attribute, p)))
        nested.get(container)?.push(attribute);
    }
    const ordered = [...topLevel, ...[...nested.values()].flat()].sort(byPosition);
    this.segments = ordered.map((region) =>
      region.pieces.map((p) => ({ kind: p.kind, text: source.slice(p.start, p.end) })),
    );
    const indexes = new Map(ordered.map((region, index) => [region, index]));
    const segmentEdits: Edit[] = [];
    const editFor = (region: HtmlRegion): Edit => {
      const index = indexes.get(region) ?? -1;
      const inner = (nested.get(region) ?? []).sort(byPosition).map(editFor);
      const edit: Edit = {
        start: region.start,
        end: region.end,
        write: (r) => this.write(region, index, inner, r),
      };
      segmentEdits[index] = edit;
      return edit;
    };
    this.spans = {
      texts: ordered.map((region) => source.slice(region.start, region.end)),
      render: (translations, verbatim) => {
        const spans: (string | undefined)[] = ordered.map(() => undefined);
        const rendering = { translations, verbatim, spans };
        const text = this.splice(rendering);
        // An attribute inside a stretch written verbatim (or inside a tag a translation left out) was not
        // written: its span is what it would have been, as the map must remember what the app wrote.
        spans.forEach((span, index) => {
          if (span === undefined) segmentEdits[index]?.write(rendering);
        });
        return { text, spans: spans.map((span) => span ?? '') };
      },
    };
    const overlapsText = (edit: Edit) => texts.some((t) => edit.start < t.end && t.start < edit.end);
    const languages = languageEdits(document, source, context.targetLanguage).filter((e) => !overlapsText(e));
    this.edits = disjoint([...topLevel.map(editFor), ...languages].sort(byPosition));
  }

  render(translations: readonly string[]): string {
    if (translations.length !== this.segments.length) {
      throw new Error(`Expected ${this.segments.length} translations, got ${translations.length}.`);
    }
    return this.splice({ translations, verbatim: new Set() });
  }

  private splice(render: Rendering): string {
    return splice(this.source, { start: 0, end: this.source.length }, this.edits, render);
  }

  /**
   * A segment's stretch of the output. A verbatim one (a person's stretch of an earlier target) is written as
   * given, attributes inside it included; an unquoted attribute value gets the quotes a target always has.
   */
  private write(region: HtmlRegion, index: number, inner: readonly Edit[], render: Rendering): string {
    const given = render.translations[index];
    const verbatim = given !== undefined && render.verbatim.has(index);
    const { span, quoted } = verbatim
      ? { span: given, quoted: region.quote === '' }
      : this.translate(region, index, inner, render);
    if (render.spans) render.spans[index] = span;
    return quoted ? `"${span}"` : span;
  }

  /** A segment's translation as written; `quoted`: an unquoted attribute value, which gets double quotes. */
  private translate(
    region: HtmlRegion,
    index: number,
    inner: readonly Edit[],
    render: Rendering,
  ): { span: string; quoted: boolean } {
    const { translations } = render;
    const pieces = this.segments[index] ?? [];
    const original = sourceText(pieces);
    const translation = matchLineEndings(original, translations[index] ?? original);
    if (translation === original) {
      return { span: splice(this.source, region, inner, render), quoted: false };
    }
    if (region.quote === undefined) {
      const span = rebuildTranslation(translation, pieces, {
        text: escapeText,
        keep: (i) => {
          const piece = region.pieces[i];
          return piece
            ? splice(
                this.source,
                piece,
                inner.filter((e) => within(e, piece)),
                render,
              )
            : '';
        },
      });
      return { span, quoted: false };
    }
    const span = rebuildTranslation(translation, pieces, {
      text: (text) => escapeAttribute(text, region.quote || '"'),
      keep: (i) => pieces[i]?.text ?? '',
    });
    return { span, quoted: region.quote === '' };
  }
}

/** Drops any edit that would overlap the one before it: writing both would duplicate or lose source bytes. */
function disjoint(edits: readonly Edit[]): Edit[] {
  const kept: Edit[] = [];
  for (const edit of edits) {
    const previous = kept.at(-1);
    if (!previous || edit.start >= previous.end) kept.push(edit);
  }
  return kept;
}

export const htmlFormat: TextFormat = {
  id: 'html',
  extensions: ['.html', '.htm'],
  version: 2,
  editsByPosition: true,
  sameSegmentsForEveryTarget: true,
  parse: (source: string, context: FormatContext): ParsedDocument => new HtmlDocument(source, context),
};
