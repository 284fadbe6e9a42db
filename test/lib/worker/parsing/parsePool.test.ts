import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { PermanentItemError } from '../../../../src/lib/errors.js';
import { ParsePool } from '../../../../src/lib/worker/parsing/parsePool.js';
import { longestStall, nestedBrackets, referenceLinks } from '../../../helpers/heavyDocuments.js';

const context = { targetLanguage: 'es' };

async function rejection(promise: Promise<unknown>): Promise<PermanentItemError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PermanentItemError, `expected a PermanentItemError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the step to fail');
}

void describe('ParsePool: format steps on worker threads', () => {
  const pool = new ParsePool({ threads: 1, timeLimitSeconds: 2, memoryLimitMb: 96 });
  after(() => pool.destroy());

  void test('parses to plain segments and renders translations back, re-parsing on the thread', async () => {
    const text = '# Hello\n\nSome `code` here.\n';
    const segments = await pool.run({ kind: 'segments', format: 'markdown', text, context });
    assert.deepEqual(segments, [
      [{ kind: 'text', text: 'Hello' }],
      [
        { kind: 'text', text: 'Some ' },
        { kind: 'keep', text: '`code`' },
        { kind: 'text', text: ' here.' },
      ],
    ]);
    const rendered = await pool.run({
      kind: 'render',
      format: 'markdown',
      text,
      context,
      translations: ['Hola', 'Algo de `code` aquí.'],
    });
    assert.equal(rendered, '# Hola\n\nAlgo de `code` aquí.\n');
    assert.equal(await pool.run({ kind: 'boundary', format: 'markdown', text: 'a\n\nb\n' }), 3);
  });

  void test("a format's own refusal keeps its code across the thread boundary", async () => {
    const error = await rejection(pool.run({ kind: 'segments', format: 'json', text: '{', context }));
    assert.equal(error.code, 'invalid_document');
  });

  void test('a step over the time limit ends document_too_complex; the loop stays free; the pool recovers', async () => {
    const { result, stallMs } = await longestStall(() =>
      rejection(pool.run({ kind: 'segments', format: 'markdown', text: nestedBrackets(), context })),
    );
    assert.equal(result.code, 'document_too_complex');
    assert.match(result.message, /ran longer than the 2 s limit/);
    console.log(`nested brackets: longest event-loop stall ${Math.round(stallMs)} ms`);
    assert.ok(stallMs < 1000, `the event loop stalled ${Math.round(stallMs)} ms`);
    // The terminated thread was replaced: the pool still works.
    const segments = await pool.run({ kind: 'segments', format: 'markdown', text: 'Still *here*.', context });
    assert.equal(segments.length, 1);
  });

  void test('tasks queued behind terminated threads still run: the pool starts replacements itself', async () => {
    const two = new ParsePool({ threads: 2, timeLimitSeconds: 2, memoryLimitMb: 128 });
    try {
      const stuck = [1, 2].map(() =>
        rejection(two.run({ kind: 'segments', format: 'markdown', text: nestedBrackets(), context })),
      );
      const queued = [1, 2, 3].map((i) =>
        two.run({ kind: 'segments', format: 'markdown', text: `Queued ${i}.`, context }),
      );
      for (const error of await Promise.all(stuck)) assert.equal(error.code, 'document_too_complex');
      assert.deepEqual(
        (await Promise.all(queued)).map((segments) => segments.length),
        [1, 1, 1],
      );
    } finally {
      await two.destroy();
    }
  });

  void test('a step over the memory limit ends document_too_complex naming the limit; the pool recovers', async () => {
    const roomy = new ParsePool({ threads: 1, timeLimitSeconds: 600, memoryLimitMb: 96 });
    try {
      const error = await rejection(
        roomy.run({ kind: 'segments', format: 'markdown', text: referenceLinks(), context }),
      );
      assert.equal(error.code, 'document_too_complex');
      assert.match(error.message, /more than the 96 MB memory limit/);
      assert.equal(await roomy.run({ kind: 'definitions', format: 'markdown', text: 'x\n' }), '');
    } finally {
      await roomy.destroy();
    }
  });
});

/** Run by plain node (no tsx): the compiled pool must find its compiled thread module and need no loader. */
const COMPILED_PROBE = `
import { ParsePool } from './dist/src/lib/worker/parsing/parsePool.js';
const pool = new ParsePool({ threads: 1, timeLimitSeconds: 2, memoryLimitMb: 128 });
const context = { targetLanguage: 'es' };
const segments = await pool.run({ kind: 'segments', format: 'markdown', text: '# Hello\\n', context });
const rendered = await pool.run({ kind: 'render', format: 'markdown', text: '# Hello\\n', context, translations: ['Hola'] });
const tooComplex = await pool
  .run({ kind: 'segments', format: 'markdown', text: '['.repeat(50000) + ']'.repeat(50000), context })
  .then(() => 'parsed', (error) => error.code);
await pool.destroy();
console.log(JSON.stringify({ segments, rendered, tooComplex }));
`;

void describe('ParsePool: the compiled build (what the Functions host loads)', () => {
  void test('npm run build, then plain node runs steps on threads loading dist/ JavaScript', () => {
    execFileSync('npm', ['run', 'build'], { stdio: 'pipe' });
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', COMPILED_PROBE], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.deepEqual(JSON.parse(output.trim().split('\n').at(-1) ?? '{}'), {
      segments: [[{ kind: 'text', text: 'Hello' }]],
      rendered: '# Hola\n',
      tooComplex: 'document_too_complex',
    });
  });
});
