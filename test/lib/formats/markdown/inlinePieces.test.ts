import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownFormat } from '../../../../src/lib/formats/markdown.js';
import { appendingTranslator, context, translateWith } from '../../../helpers/formats.js';

/** The first segment as text, with keep pieces in ⟦…⟧. */
const shown = (markdown: string): string =>
  (markdownFormat.parse(markdown, context()).segments[0] ?? [])
    .map((piece) => (piece.kind === 'keep' ? `⟦${piece.text}⟧` : piece.text))
    .join('');

describe('Markdown inline pieces', () => {
  test('inline HTML holding code or data keeps its content: code, kbd, samp, var, pre, tt', () => {
    assert.equal(
      shown('Press <kbd>Ctrl</kbd>+<KBD>C</KBD>, run <code>make all</code>, see <samp>Done</samp>.'),
      'Press ⟦<kbd>Ctrl</kbd>⟧+⟦<KBD>C</KBD>⟧, run ⟦<code>make all</code>⟧, see ⟦<samp>Done</samp>⟧.',
    );
    assert.equal(
      shown('Set <var>count</var> to <tt>int</tt>: <pre>raw text</pre> ok'),
      'Set ⟦<var>count</var>⟧ to ⟦<tt>int</tt>⟧: ⟦<pre>raw text</pre>⟧ ok',
    );
  });

  test('translate="no" and class="notranslate" keep an element whole, as in HTML pages', () => {
    assert.equal(
      shown(
        'By <span translate="no">Contoso Cloud</span> and <b class="brand notranslate">Fabrikam</b> now.',
      ),
      'By ⟦<span translate="no">Contoso Cloud</span>⟧ and ⟦<b class="brand notranslate">Fabrikam</b>⟧ now.',
    );
    assert.equal(
      shown('Keep <em translate="yes">this</em> too.'),
      'Keep ⟦<em translate="yes">⟧this⟦</em>⟧ too.',
    );
  });

  test('nested elements of the same name close at their own end tag; an unclosed one runs to the block end', () => {
    assert.equal(shown('A <code>x <code>y</code> z</code> b'), 'A ⟦<code>x <code>y</code> z</code>⟧ b');
    assert.equal(shown('Text <code>never closed and more'), 'Text ⟦<code>never closed and more⟧');
  });

  test('void and self-closing elements never wait for an end tag', () => {
    assert.equal(
      shown('An <img translate="no" src="a.png"> image, a <br/> break and <span translate="no"/> words.'),
      'An ⟦<img translate="no" src="a.png">⟧ image, a ⟦<br/>⟧ break and ⟦<span translate="no"/>⟧ words.',
    );
  });

  test('the kept content comes back as written through translation', async () => {
    const source = 'Use <code>**not bold**</code> and <kbd>[x]</kbd> here.\n';
    const output = await translateWith(markdownFormat, source, context(), appendingTranslator(' ya'));
    assert.equal(output, 'Use <code>**not bold**</code> and <kbd>[x]</kbd> here. ya\n');
  });
});
