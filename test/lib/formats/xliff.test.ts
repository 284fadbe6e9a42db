import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomUtils, parseDocument } from 'htmlparser2';
import { runTool } from '../../../conformance/tools.js';
import { ensureXliffSchemas } from '../../../conformance/judges/ensureXliffSchemas.js';
import { XLIFF_1_2_SCHEMA, XLIFF_2_0_SCHEMA } from '../../../conformance/judges/xliffSchemas.js';
import { xliffFormat } from '../../../src/lib/formats/xliff.js';
import { readXml } from '../../../src/lib/formats/xmlTree.js';
import {
  appendingTranslator,
  assertInvalidDocument,
  context,
  fixture,
  roundTrip,
  translateWith,
} from '../../helpers/formats.js';

/** What translating may change: targets, the target language and states. Everything else must stay. */
const withoutTranslation = (xml: string): string =>
  xml
    .replace(/(\r?\n[ \t]*)?<target\b[^>]*?(?:\/>|>[\s\S]*?<\/target>)/g, '')
    .replace(/ (?:target-language|trgLang|state)="[^"]*"/g, '');

const INLINE = /<(?:x|bx|ex|g|\/g|ph|bpt|ept|it|mrk|\/mrk|pc|\/pc|sc|ec|sm|em)\b[^>]*>|&\w+;/g;
const inlineMarkup = (xml: string): string[] => [...xml.matchAll(INLINE)].map((m) => m[0]).sort();

/** Units (1.2 trans-units, 2.0 segments with their unit id) of a re-parsed file, in document order. */
function unitsOf(xml: string) {
  const document = parseDocument(xml, { xmlMode: true, decodeEntities: false });
  const elements = DomUtils.getElementsByTagName(
    (name) => name === 'trans-unit' || name === 'segment',
    document,
  );
  return elements.map((element) => {
    const child = (name: string) => DomUtils.findOne((e) => e.name === name, element.children, false);
    const markup = (name: string) => {
      const found = child(name);
      return found ? DomUtils.getInnerHTML(found, { xmlMode: true, decodeEntities: false }) : undefined;
    };
    const id = DomUtils.getAttributeValue(element, 'id') ?? '';
    const unit = DomUtils.getParent(element);
    const unitId = unit && 'attribs' in unit ? (DomUtils.getAttributeValue(unit, 'id') ?? '') : '';
    const target = child('target');
    return {
      id: element.name === 'segment' ? `${unitId}/${id}` : id,
      source: markup('source'),
      target: markup('target'),
      state: DomUtils.getAttributeValue(element.name === 'segment' ? element : (target ?? element), 'state'),
    };
  });
}

const makeMarkupTranslator = () => appendingTranslator(` <b> & "q" ]]>`);

const assertInvalid = (source: string) => assertInvalidDocument(xliffFormat, source);

const XLIFF_1_2 = (body: string, file = 'source-language="en"') =>
  `<?xml version="1.0"?>\n<xliff version="1.2">\n  <file ${file} original="a.txt">\n    <body>\n${body}    </body>\n  </file>\n</xliff>\n`;

describe('xliffFormat', () => {
  for (const name of ['strings-1.2.xlf', 'strings-2.0.xlf']) {
    test(`${name}: identity translation fills targets and changes nothing else`, () => {
      const source = fixture(name);
      const output = roundTrip(xliffFormat, source);
      assert.notEqual(output, source);
      assert.equal(withoutTranslation(output), withoutTranslation(source));
      assert.equal(roundTrip(xliffFormat, output), output, 'a translated file comes back byte for byte');
      assert.equal(xliffFormat.parse(output, context()).segments.length, 0);
      for (const unit of unitsOf(output)) {
        if (unit.state === 'translated') assert.equal(unit.target, unit.source, unit.id);
      }
    });

    test(`${name}: pseudo translation changes only human text`, async () => {
      const source = fixture(name);
      const output = await translateWith(xliffFormat, source);
      readXml(output);
      assert.equal(withoutTranslation(output), withoutTranslation(source));
      const before = unitsOf(source);
      const after = unitsOf(output);
      assert.deepEqual(
        after.map((u) => [u.id, u.source]),
        before.map((u) => [u.id, u.source]),
      );
      const translated = after.filter((u, i) => u.target !== before[i]?.target);
      assert.ok(translated.length >= 4, `${translated.length} units translated`);
      for (const unit of translated) {
        assert.equal(unit.state, 'translated', unit.id);
        assert.deepEqual(inlineMarkup(unit.target ?? ''), inlineMarkup(unit.source ?? ''), unit.id);
        if (/\p{L}/u.test((unit.source ?? '').replace(INLINE, '')))
          assert.match(unit.target ?? '', /^\[es: /);
      }
      const kept = after.filter((u, i) => u.target === before[i]?.target);
      for (const unit of kept) {
        assert.ok(unit.target === undefined || ['final', 'reviewed'].includes(unit.state ?? ''), unit.id);
      }
    });
  }

  test('1.2 fixture: translate="no", final targets and protected markers are respected', async () => {
    const output = await translateWith(xliffFormat, fixture('strings-1.2.xlf'));
    const units = new Map(unitsOf(output).map((u) => [u.id, u]));
    assert.equal(units.get('checkout.brand')?.target, undefined);
    assert.equal(
      units.get('legal.company')?.target,
      undefined,
      'translate="no" on a group applies to its units',
    );
    assert.equal(units.get('checkout.pay')?.target, 'Pagar ahora');
    assert.equal(units.get('checkout.shipping')?.state, 'translated', 'needs-translation is redone');
    assert.match(units.get('checkout.support')?.target ?? '', /<mrk mtype="protected">Acme Support<\/mrk>/);
    assert.equal(units.get('error.code')?.target, '<x id="CODE"/>', 'markup-only source is copied');
    assert.equal((output.match(/target-language="es"/g) ?? []).length, 2, 'every <file> gets the language');
  });

  test('2.0 fixture: final and reviewed segments and translate="no" units are left alone', async () => {
    const output = await translateWith(xliffFormat, fixture('strings-2.0.xlf'));
    const units = new Map(unitsOf(output).map((u) => [u.id, u]));
    assert.deepEqual(units.get('settings.privacy/'), {
      id: 'settings.privacy/',
      source: 'Privacy',
      target: 'Privacidad',
      state: 'final',
    });
    assert.equal(units.get('settings.export/')?.target, 'Exportar datos');
    assert.equal(units.get('settings.export/')?.state, 'reviewed');
    assert.equal(units.get('settings.sku/')?.target, undefined);
    assert.equal(units.get('settings.welcome/s2')?.state, 'translated', 'initial becomes translated');
    assert.match(units.get('settings.plan/')?.target ?? '', /<mrk id="m1" translate="no">Acme Pro<\/mrk>/);
    assert.match(output, /<xliff [^>]*srcLang="en-US" trgLang="es">/);
  });

  test('1.2: targets are inserted after the source with its indentation, or filled in place', () => {
    const source = XLIFF_1_2(
      '\t\t<trans-unit id="a">\r\n\t\t\t<source>Open &amp; close</source>\r\n\t\t</trans-unit>\n' +
        '      <trans-unit id="b"><source>Save</source><target state="needs-translation"/></trans-unit>\n' +
        '      <trans-unit id="c"><source>Quit</source><target xml:lang="es" state=\'new\'>Quit</target></trans-unit>\n',
    );
    assert.equal(
      roundTrip(xliffFormat, source),
      XLIFF_1_2(
        '\t\t<trans-unit id="a">\r\n\t\t\t<source>Open &amp; close</source>\r\n\t\t\t<target state="translated">Open &amp; close</target>\r\n\t\t</trans-unit>\n' +
          '      <trans-unit id="b"><source>Save</source><target state="translated">Save</target></trans-unit>\n' +
          '      <trans-unit id="c"><source>Quit</source><target xml:lang="es" state=\'translated\'>Quit</target></trans-unit>\n',
        'source-language="en" target-language="es"',
      ),
    );
  });

  test('2.0: segments get a target and state="translated"; the root gets trgLang', () => {
    const source =
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">\n' +
      ' <file id="f"><unit id="u">\n  <segment>\n   <source>Hello</source>\n  </segment>\n' +
      '  <segment state="initial"><source>World</source><target></target></segment>\n </unit></file>\n</xliff>';
    assert.equal(
      roundTrip(xliffFormat, source),
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es">\n' +
        ' <file id="f"><unit id="u">\n  <segment state="translated">\n   <source>Hello</source>\n   <target>Hello</target>\n  </segment>\n' +
        '  <segment state="translated"><source>World</source><target>World</target></segment>\n </unit></file>\n</xliff>',
    );
  });

  test('markup characters coming back from the translator are escaped; inline markup is not', async () => {
    const output = await translateWith(
      xliffFormat,
      fixture('strings-1.2.xlf'),
      context(),
      makeMarkupTranslator(),
    );
    readXml(output);
    assert.match(
      output,
      /<target state="translated">You have <x id="INTERPOLATION" equiv-text="\{\{ count \}\}"\/> items in your cart\. &lt;b> &amp; "q" ]]&gt;<\/target>/,
    );
    assert.match(output, /<g id="1" ctype="x-html-a">terms &amp; conditions<\/g>\. &lt;b> &amp;/);
  });

  test('software placeholders in source text ({0}, %s, %1$d) and entities are protected pieces', () => {
    const file = `<xliff version="1.2"><file source-language="en" target-language="es"><body>
<trans-unit id="a"><source>Hello {0}, you have %1$d new &amp; %s old items.</source></trans-unit>
</body></file></xliff>`;
    const [segment] = xliffFormat.parse(file, context()).segments;
    assert.deepEqual(
      segment?.filter((p) => p.kind === 'keep').map((p) => p.text),
      ['{0}', '%1$d', '&amp;', '%s'],
    );
  });

  test('tag scanning: whitespace inside tags, declaration on the root line, comments, CDATA, PIs, DOCTYPE', () => {
    const body = (target: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE xliff [<!ENTITY brand "Acme"> <!-- ]> -->]>` +
      `<xliff version="1.2" note="a > b"><file source-language="en" target-language="es"\n  datatype="plaintext"><body>\n` +
      `<!-- <trans-unit id="fake"><source>Commented out</source></trans-unit> -->\n` +
      `<?app hint="<source>"?>\n` +
      `<trans-unit id="a"\n   resname="a" ><source xml:space="preserve" >Open &brand; <![CDATA[<raw>]]> now</source >${target}\n` +
      `</trans-unit ></body></file></xliff>`;
    const source = body('');
    const document = xliffFormat.parse(source, context());
    assert.equal(document.segments.length, 1);
    assert.equal(
      roundTrip(xliffFormat, source),
      body('<target state="translated">Open &brand; <![CDATA[<raw>]]> now</target>'),
    );
    readXml(roundTrip(xliffFormat, source));
  });

  test('Symfony placeholders and markup written escaped in the text are protected', () => {
    const file = `<xliff version="1.2"><file source-language="en" target-language="es"><body>
<trans-unit id="a"><source>%count% items, at most {{ limit }}: &lt;a href=&quot;/x&quot;&gt;more&lt;/a&gt;</source></trans-unit>
</body></file></xliff>`;
    const [segment] = xliffFormat.parse(file, context()).segments;
    assert.deepEqual(
      segment?.filter((p) => p.kind === 'keep').map((p) => p.text),
      ['%count%', '{{ limit }}', '&lt;a href=&quot;/x&quot;&gt;', '&lt;/a&gt;'],
    );
  });

  test('characters XML cannot carry are dropped from translations; the output stays well-formed', async () => {
    const file = XLIFF_1_2('<trans-unit id="a"><source>Save</source></trans-unit>\n');
    const output = await translateWith(
      xliffFormat,
      file,
      context(),
      appendingTranslator(' \u0001\u0008\uFFFF<&'),
    );
    readXml(output);
    assert.match(output, /<target state="translated">Save &lt;&amp;<\/target>/);
  });

  test('malformed XML and files that are not XLIFF are invalid documents', () => {
    assertInvalid(XLIFF_1_2('<trans-unit id="a"><source>Open</trans-unit>\n'));
    assertInvalid(XLIFF_1_2('<trans-unit id="a"><source>Open</source></trans-unit></group>\n'));
    assertInvalid(XLIFF_1_2('<trans-unit id="a"><source>Fish & chips</source></trans-unit>\n'));
    assertInvalid(XLIFF_1_2('<trans-unit id=a><source>Open</source></trans-unit>\n'));
    assertInvalid(XLIFF_1_2('<trans-unit id="a"><note>no source</note></trans-unit>\n'));
    assertInvalid('<xliff version="1.2"><file></file></xliff><xliff version="1.2"></xliff>');
    assertInvalid('<xliff version="1.2"><file>');
    assertInvalid('stray text <xliff version="1.2"></xliff>');
    assertInvalid('<html><body><p>Not XLIFF</p></body></html>');
    assertInvalid('<xliff><file/></xliff>');
    assertInvalid('');
    assertInvalid(XLIFF_1_2('<trans-unit id="a" id="b"><source>Twice</source></trans-unit>\n'));
    assertInvalid(XLIFF_1_2('<trans-unit id="a"><source>Bad &nbsp; entity</source></trans-unit>\n'));
    assertInvalid(`  <?xml version="1.0"?>${XLIFF_1_2('')}`);
  });
});

describe('xliffFormat drafts (mark_as_draft)', () => {
  // The pinned Debian source that ships the schemas is fetched once (and cached) if the cache lacks them.
  before(ensureXliffSchemas, { timeout: 600_000 });

  async function schemaValid(xml: string, schema: string): Promise<void> {
    const result = await runTool(
      'xmllint',
      ['--noout', '--nonet', '--schema', schema, '-'],
      Buffer.from(xml),
    );
    assert.equal(result.code, 0, result.stderr);
  }

  test('XLIFF 1.2: targets the app wrote say needs-review-translation; others keep their state', async () => {
    const source = fixture('strings-1.2.xlf');
    const draft = await translateWith(xliffFormat, source, { targetLanguage: 'es', markAsDraft: true });
    const plain = await translateWith(xliffFormat, source, { targetLanguage: 'es' });
    const written = (plain.match(/state="translated"/g) ?? []).length;
    assert.ok(written > 0);
    assert.equal((draft.match(/state="needs-review-translation"/g) ?? []).length, written);
    assert.equal(draft.replace(/needs-review-translation/g, 'translated'), plain);
    await schemaValid(draft, XLIFF_1_2_SCHEMA);
  });

  test('XLIFF 2.0: segments the app wrote stay state="initial"; reviewed ones keep their state', async () => {
    const source = fixture('strings-2.0.xlf');
    const draft = await translateWith(xliffFormat, source, { targetLanguage: 'es', markAsDraft: true });
    const plain = await translateWith(xliffFormat, source, { targetLanguage: 'es' });
    const plainUnits = unitsOf(plain);
    const draftUnits = unitsOf(draft);
    assert.equal(draftUnits.length, plainUnits.length);
    const segmentStates = (xml: string) => [...xml.matchAll(/<segment\b[^>]*>/g)].map((m) => m[0]);
    const before = segmentStates(source);
    const wrote = segmentStates(plain).filter((tag, i) => tag !== before[i]);
    assert.ok(wrote.length > 0);
    segmentStates(draft).forEach((tag, i) => {
      if (segmentStates(plain)[i] !== before[i]) assert.match(tag, /state="initial"/);
      else assert.equal(tag, before[i]);
    });
    assert.equal(draft.replace(/<segment\b[^>]*>/g, ''), plain.replace(/<segment\b[^>]*>/g, ''));
    await schemaValid(draft, XLIFF_2_0_SCHEMA);
  });
});
