import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodingCacheRules } from '../../../src/lib/encoding/cacheRules.js';

describe('encodingCacheRules', () => {
  test('nothing for UTF-8 read as it is; the encoding and any corrected declaration otherwise', () => {
    assert.equal(encodingCacheRules({ name: 'utf-8', via: 'utf-8 bytes', rewritesDeclaration: false }), '');
    assert.equal(
      encodingCacheRules({ name: 'utf-8', via: 'byte order mark', rewritesDeclaration: false }),
      '',
    );
    assert.equal(
      encodingCacheRules({ name: 'utf-16le', via: 'zero bytes', rewritesDeclaration: false }),
      ';read-as=utf-16le',
    );
    assert.equal(
      encodingCacheRules({ name: 'utf-8', via: 'byte order mark', rewritesDeclaration: true }),
      ';read-as=utf-8;declares-utf-8',
    );
    assert.notEqual(
      encodingCacheRules({
        name: 'windows-1252',
        via: 'detection',
        confidence: 60,
        rewritesDeclaration: false,
      }),
      encodingCacheRules({
        name: 'windows-1250',
        via: 'detection',
        confidence: 60,
        rewritesDeclaration: false,
      }),
    );
  });
});
