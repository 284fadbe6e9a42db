import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTreeAdapter as tree, parse, type DefaultTreeAdapterTypes as Html } from 'parse5';
import { htmlFormat } from '../../../src/lib/formats/html.js';
import { textFormatFor } from '../../../src/lib/formats/registry.js';
import { context, fixture, roundTrip, scriptedTranslator, translateWith } from '../../helpers/formats.js';

const PAGE = fixture('landing-page.html');

const scripted = scriptedTranslator;

const shown = (source: string, language = 'en'): string[] =>
  htmlFormat
    .parse(source, context(language))
    .segments.map((pieces) => pieces.map((p) => (p.kind === 'keep' ? `⟦${p.text}⟧` : p.text)).join(''));

const elements = (node: Html.ParentNode): Html.Element[] =>
  node.childNodes.filter((c) => tree.isElementNode(c)).flatMap((e) => [e, ...elements(e)]);

// Scripting off, as the format parses: noscript content is then markup, not raw text.
const parsed = (html: string) => parse(html, { scriptingEnabled: false });

/** Whether the format promises to translate this attribute (the rules documented in html.ts). */
function isTextAttribute(element: Html.Element, name: string): boolean {
  const attribute = (n: string) => element.attrs.find((a) => a.name === n)?.value ?? '';
  if (['alt', 'title', 'placeholder', 'aria-label'].includes(name)) return true;
  if (name === 'label') return ['option', 'optgroup', 'track'].includes(element.tagName);
  if (name === 'value')
    return element.tagName === 'input' && ['submit', 'reset', 'button'].includes(attribute('type'));
  const meta = attribute('name') || attribute('property');
  return (
    element.tagName === 'meta' &&
    name === 'content' &&
    /^(description|og:title|og:description|twitter:title)$/.test(meta)
  );
}

const PROTECTED = new Set(['script', 'style', 'pre', 'code', 'kbd', 'textarea']);
const isProtected = (element: Html.Element): boolean =>
  PROTECTED.has(element.tagName) ||
  element.attrs.some(
    (a) =>
      (a.name === 'translate' && a.value === 'no') ||
      (a.name === 'class' && a.value.split(' ').includes('notranslate')),
  );

/** Text nodes outside protected elements, and the full text of protected elements, comments included. */
function textsOf(
  node: Html.ParentNode,
  inProtected = false,
  out = { human: [] as string[], kept: [] as string[] },
) {
  for (const child of node.childNodes) {
    if (tree.isTextNode(child)) (inProtected ? out.kept : out.human).push(child.value);
    else if (tree.isCommentNode(child)) out.kept.push(`<!--${child.data}-->`);
    else if (tree.isElementNode(child)) textsOf(child, inProtected || isProtected(child), out);
  }
  return out;
}

void describe('htmlFormat', () => {
  void test('round trip is byte for byte: fixture, CRLF, BOM and malformed markup', () => {
    assert.equal(roundTrip(htmlFormat, PAGE, context('en')), PAGE);
    const crlf = PAGE.replace(/\n/g, '\r\n');
    assert.equal(roundTrip(htmlFormat, crlf, context('en')), crlf);
    assert.equal(roundTrip(htmlFormat, `\uFEFF${PAGE}`, context('en')), `\uFEFF${PAGE}`);
    const snippets = [
      '<p>Hello <b>world</b>!</p>',
      '<p>One <b>two <i>three</b> four</i><p>five <em>six',
      '<table>Fostered<tr><td>cell text</td></tr>more</table>',
      'Text</span> with a stray end tag<body title="Merged">and more',
      '<ul><li>One<li>Two</ul><img alt=Logo src=a.png><p title=\'single "quoted"\'>x y</p>',
      'Unterminated &amp entity &copy 2024 <!-- open comment',
      '<select><option>Yes<option label="Nope">No</select><p>a<br/>b</p>',
      '',
      '  \n\t',
    ];
    for (const snippet of snippets) assert.equal(roundTrip(htmlFormat, snippet), snippet, snippet);
  });

  void test('a sentence with inline markup is one segment; tags and references are keep pieces', () => {
    assert.deepEqual(htmlFormat.parse('<p>Hello <b>world</b>!</p>', context()).segments, [
      [
        { kind: 'text', text: 'Hello ' },
        { kind: 'keep', text: '<b>' },
        { kind: 'text', text: 'world' },
        { kind: 'keep', text: '</b>' },
        { kind: 'text', text: '!' },
      ],
    ]);
    assert.deepEqual(shown('<p>Fish &amp; chips&nbsp;<code>x &lt; y</code> <a href="/m">today</a>.</p>'), [
      'Fish ⟦&amp;⟧ chips⟦&nbsp;<code>x &lt; y</code>⟧ ⟦<a href="/m">⟧today⟦</a>⟧.',
    ]);
    // A wrapping tag pair, blanks and images at the edges stay outside the segment.
    assert.deepEqual(shown('<li>\n  <a href="/"><img src="i.png"> Home</a>\n</li>'), ['Home']);
    assert.deepEqual(shown('<h2>Why choose <span translate="no">Acme</span></h2>'), [
      'Why choose ⟦<span translate="no">Acme</span>⟧',
    ]);
  });

  void test('the fixture: human text and readable attributes are segments, code and data are not', () => {
    const segments = shown(PAGE);
    for (const expected of [
      'Acme Sync ⟦&ndash;⟧ Keep your files in step',
      'Acme Sync keeps every file on every device up to date, with end-to-end encryption ⟦&amp;⟧ version history.',
      'Start syncing in two minutes. Free for personal use.',
      'Acme Sync logo',
      'Main navigation',
      'Tell us what you need',
      'Clear form',
      'More than ten people',
      'Built by the ⟦<span class="notranslate">Acme Labs</span>⟧ team in Lyon.',
      'Please enable JavaScript to use the download page.',
    ]) {
      assert.ok(segments.includes(expected), expected);
    }
    const all = segments.join('\n');
    for (const never of [
      'console.log',
      'font-size',
      '"interval"',
      'trademark',
      'Navigation: keep',
      'summary_large_image',
      '@acmesync',
      'width=device-width',
      'https://',
      'File sync',
    ]) {
      assert.ok(!all.replace(/⟦[^⟧]*⟧/g, '').includes(never), never);
    }
    assert.ok(
      segments.every((s) => /\p{L}/u.test(s.replace(/⟦[^⟧]*⟧/g, ''))),
      'no segment without letters',
    );
  });

  void test('pseudo translation changes only human text and readable attributes, and sets lang', async () => {
    const output = await translateWith(htmlFormat, PAGE);
    assert.match(output, /^<!DOCTYPE html>\n<html lang="es">\n/);
    const [before, after] = [parsed(PAGE), parsed(output)];
    const [sourceElements, outputElements] = [elements(before), elements(after)];
    assert.deepEqual(
      outputElements.map((e) => [e.tagName, e.attrs.map((a) => a.name)]),
      sourceElements.map((e) => [e.tagName, e.attrs.map((a) => a.name)]),
      'same element structure',
    );
    sourceElements.forEach((element, i) => {
      for (const [j, attribute] of element.attrs.entries()) {
        const value = outputElements[i]?.attrs[j]?.value ?? '';
        if (element.tagName === 'html' && attribute.name === 'lang') assert.equal(value, 'es');
        else if (isTextAttribute(element, attribute.name))
          assert.match(value, /^\[es: [^a-z]+\]$/i, attribute.value);
        else assert.equal(value, attribute.value, `${element.tagName} ${attribute.name}`);
      }
    });
    const [sourceTexts, outputTexts] = [textsOf(before), textsOf(after)];
    assert.deepEqual(
      outputTexts.kept,
      sourceTexts.kept,
      'script, style, pre, code, notranslate, comments unchanged',
    );
    const untranslated = outputTexts.human
      .join('')
      .replace(/\[es: /g, '')
      .match(/[A-Za-z]+/g);
    assert.equal(untranslated, null, `every human word is translated: ${untranslated?.join(' ')}`);
    const references = (html: string) => html.match(/&[#\w]+;/g)?.sort();
    assert.deepEqual(references(output), references(PAGE), 'character references kept');
    for (const block of PAGE.match(/<(script|style|pre)[\s\S]*?<\/\1>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g) ??
      []) {
      assert.ok(output.includes(block), block);
    }
  });

  void test('translated quotes, < and & are escaped; tags restored from keep pieces are not', async () => {
    const source = '<p title="Tip">Hello <b>world</b></p><img alt=\'Logo\'><img alt=Icon><p>Tom & Jerry</p>';
    const extra = ` "5 < 6" & 'AT&T' &copy;`;
    const output = await translateWith(
      htmlFormat,
      source,
      context(),
      scripted((pieces) => pieces.map((p) => (p.kind === 'keep' ? p.text : p.text + extra)).join('')),
    );
    const body = parsed(output);
    const found = elements(body);
    assert.deepEqual(
      found.map((e) => e.tagName),
      ['html', 'head', 'body', 'p', 'b', 'img', 'img', 'p'],
      'no element invented or lost',
    );
    const attributeValues = found.flatMap((e) => e.attrs.map((a) => a.value));
    assert.deepEqual(attributeValues, [`Tip${extra}`, `Logo${extra}`, `Icon${extra}`]);
    assert.deepEqual(textsOf(body).human, [`Hello ${extra}`, `world${extra}`, `Tom & Jerry${extra}`]);
    assert.ok(output.includes(`<p>Tom & Jerry "5 &lt; 6" & 'AT&amp;T' &amp;copy;</p>`), output);
    assert.ok(output.includes(`alt="Icon &quot;5 < 6&quot; & 'AT&amp;T' &amp;copy;"`), output);
    assert.ok(output.includes(`alt='Logo "5 < 6" & &#39;AT&amp;T&#39; &amp;copy;'`), output);
  });

  void test('keep pieces may come back reordered; attributes inside them are still translated', async () => {
    const source = '<p><b>Bold</b> and <a href="/x" title="Go">link</a></p>';
    const output = await translateWith(
      htmlFormat,
      source,
      context(),
      scripted((pieces) => {
        const keep = pieces.filter((p) => p.kind === 'keep').map((p) => p.text);
        return keep.length === 4 ? `${keep[2]}enlace${keep[3]} y ${keep[0]}negrita${keep[1]}` : 'Ir';
      }),
    );
    assert.equal(output, '<p><a href="/x" title="Ir">enlace</a> y <b>negrita</b></p>');
  });

  void test('a keep piece that contains another is matched whole, wherever the translation puts it', async () => {
    const source = '<p>Write &amp; as <code>&amp;amp;</code> in HTML</p>';
    const output = await translateWith(
      htmlFormat,
      source,
      context(),
      scripted((pieces) => {
        const [reference, code] = pieces.filter((p) => p.kind === 'keep').map((p) => p.text);
        return `Escribe ${code ?? ''} para ${reference ?? ''}`;
      }),
    );
    assert.equal(output, '<p>Escribe <code>&amp;amp;</code> para &amp;</p>');
  });

  void test('elements the parser rebuilt yield each piece of source once', () => {
    // The parser reopens <b> in the second paragraph with the first one's location and attributes.
    assert.deepEqual(shown('<p><b title="Bold">x<p>y</b> z'), ['⟦<b title="Bold">⟧x', 'Bold', 'y⟦</b>⟧ z']);
  });

  void test('a CRLF file stays CRLF when the translator answers with \\n', async () => {
    const source = '<p>First line\r\nsecond line</p>\r\n<p title="A\r\nB">x y</p>\r\n';
    const output = await translateWith(
      htmlFormat,
      source,
      context(),
      scripted((pieces) => pieces.map((p) => p.text.replace(/\r\n/g, '\n').toUpperCase()).join('')),
    );
    assert.equal(output, '<p>FIRST LINE\r\nSECOND LINE</p>\r\n<p title="A\r\nB">X Y</p>\r\n');
  });

  void test('<html lang> is replaced, inserted, or left alone when the source has no html tag', () => {
    const lang = (source: string) => roundTrip(htmlFormat, source, context('pt-BR'));
    assert.equal(lang('<html><p>x</p>'), '<html lang="pt-BR"><p>x</p>');
    assert.equal(lang('<HTML class="no-js">'), '<HTML lang="pt-BR" class="no-js">');
    assert.equal(lang('<html lang=en>'), '<html lang=pt-BR>');
    assert.equal(lang("<html lang='en' xml:lang='en'>"), "<html lang='pt-BR' xml:lang='pt-BR'>");
    assert.equal(lang('<html lang>'), '<html lang="pt-BR">');
    assert.equal(lang('<!-- no html tag --><p>Hi</p>'), '<!-- no html tag --><p>Hi</p>');
    assert.equal(lang('<html lang="pt-BR">'), '<html lang="pt-BR">');
  });

  test('the direction follows the target: dir="rtl" for Arabic, corrected back to ltr, untouched otherwise', async () => {
    const page = (html: string) => `<!DOCTYPE html>\n${html}<body><p>Hello world</p></body></html>\n`;
    const head = async (html: string, to: string) =>
      /<html[^>]*>/.exec(await translateWith(htmlFormat, page(html), context(to)))?.[0];
    assert.equal(await head('<html lang="en">', 'ar'), '<html dir="rtl" lang="ar">');
    assert.equal(await head('<html>', 'he'), '<html lang="he" dir="rtl">');
    assert.equal(await head('<html lang="ar" dir="rtl">', 'en'), '<html lang="en" dir="ltr">');
    assert.equal(await head('<html lang="en">', 'fr'), '<html lang="fr">');
    assert.equal(await head('<html lang="en">', 'pa-Arab'), '<html dir="rtl" lang="pa-Arab">');
    assert.equal(
      roundTrip(htmlFormat, page('<html lang="ar" dir="rtl">'), context('ar')),
      page('<html lang="ar" dir="rtl">'),
    );
  });

  void test('addresses in text come back as the source wrote them, an ambiguous & included', async () => {
    const format = textFormatFor('page.html');
    assert.ok(format);
    const source =
      '<p>See http://x.example/?a=1&b=2 or www.x.example/a?c=3&amp;d=4, mail help@x.example.</p>';
    const output = await translateWith(
      format,
      source,
      context(),
      scripted(() => 'Ver <a> http://x.example/?a=1&b=2 o www.x.example/a?c=3&amp;d=4, help@x.example.'),
    );
    assert.equal(
      output,
      '<p>Ver &lt;a> http://x.example/?a=1&b=2 o www.x.example/a?c=3&amp;d=4, help@x.example.</p>',
    );
  });

  void test("attributes inside code and preformatted text are kept with it; the element's own are read", () => {
    const source =
      '<pre><a href="t.html" title="ThunarFile">ThunarFile</a></pre><code><abbr title="Type">T</abbr></code>' +
      '<textarea placeholder="Your message">draft</textarea><p><a title="Open it">Open</a></p>';
    assert.deepEqual(shown(source), ['Your message', 'Open it', 'Open']);
  });
});
