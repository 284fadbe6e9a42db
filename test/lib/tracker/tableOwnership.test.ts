import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const TABLE_OPERATION =
  /\.(getEntity|listEntities|upsertEntity|updateEntity|createEntity|submitTransaction|deleteEntity)\b|\bTableClient\b/;

void test('the jobs table is read and written only under src/lib/tracker', () => {
  const outside = sourceFiles('src').filter(
    (path) =>
      !path.startsWith(join('src', 'lib', 'tracker')) && TABLE_OPERATION.test(readFileSync(path, 'utf8')),
  );
  // The storage module builds table clients; the translation cache owns a table of its own (CACHE_TABLE).
  assert.deepEqual(outside.sort(), [
    join('src', 'lib', 'cache', 'translationCache.ts'),
    join('src', 'lib', 'storage', 'clients.ts'),
  ]);
  const jobsTableClient = sourceFiles('src').filter((path) =>
    /\.table\(\s*config\.jobsTable\s*\)/.test(readFileSync(path, 'utf8')),
  );
  assert.deepEqual(jobsTableClient, [join('src', 'lib', 'services.ts')], 'one client, handed to the tracker');
});
