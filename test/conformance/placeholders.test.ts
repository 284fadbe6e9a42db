import assert from 'node:assert/strict';
import { test } from 'node:test';
import { protectedDifference, protectedIn } from '../../conformance/placeholders.js';

test('the catalogue finds each convention once, longest first', () => {
  const text =
    'Hi %(name)s, %1$d of %<PRIu64> took %-5.2f; %count% {0} {name} {{ limit }} {{x}} :attribute @count ' +
    '${arg} $HOME [[page]] <b>bold</b> <a href="https://x.org">x</a> a.b@example.org https://example.org/path.';
  assert.deepEqual(protectedIn(text), [
    '%(name)s',
    '%1$d',
    '%<PRIu64>',
    '%-5.2f',
    '%count%',
    '{0}',
    '{name}',
    '{{ limit }}',
    '{{x}}',
    ':attribute',
    '@count',
    '${arg}',
    '$HOME',
    '[[page]]',
    '<b>',
    '</b>',
    '<a href="https://x.org">',
    '</a>',
    'a.b@example.org',
    'https://example.org/path',
  ]);
});

test('prose that looks like a convention is left alone', () => {
  assert.deepEqual(protectedIn('50% off, git log [<commit>], 10:30, http: not a URL, %dx%d'), ['%d', '%d']);
});

test('a translated placeholder is reported lost and gained', () => {
  assert.equal(
    protectedDifference('{{ min }} items', '[es: {{ ɱíñ }} íţéɱš]'),
    'lost double-brace "{{ min }}"; gained double-brace "{{ ɱíñ }}"',
  );
  assert.equal(protectedDifference('%s of %d', '[es: %d ðé %s]'), undefined);
});
