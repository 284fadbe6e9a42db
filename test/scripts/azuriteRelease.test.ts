/**
 * Which Azurite `npm run dev` starts: on Node 22 or later the release whose lookups go through indices, run by
 * this same Node; on Node 20 none (the project's own Azurite). `npm test` runs this on Node 20 and
 * `npm run test:node22` on Node 22, so CI checks both answers against the server each one starts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startAzurite } from '../../scripts/azurite.js';
import { AZURITE_RELEASE, azuriteReleaseOnThisNode, nodeRunsRelease } from '../../scripts/azuriteRelease.js';

/** The release an emulator reports in its Server header, e.g. `Azurite-Blob/3.37.0`. */
async function serverOf(connectionString: string): Promise<string | null> {
  const blobEndpoint = /BlobEndpoint=([^;]+)/.exec(connectionString)?.[1];
  assert.ok(blobEndpoint, connectionString);
  return (await fetch(`${blobEndpoint}?comp=list`)).headers.get('server');
}

void describe('the Azurite npm run dev starts', () => {
  void test('the release needs Node 22 or later', () => {
    assert.deepEqual(
      ['20.20.2', '21.7.3', '22.0.0', '22.23.5', '24.1.0'].map((version) => nodeRunsRelease(version)),
      [false, false, true, true, true],
    );
  });

  void test(`on this Node (${process.versions.node}): Azurite ${AZURITE_RELEASE} run by it from Node 22, the project's own before`, async () => {
    const runtime = await azuriteReleaseOnThisNode();
    const azurite = await startAzurite(runtime ? { runtime } : {});
    try {
      const server = await serverOf(azurite.connectionString);
      if (nodeRunsRelease()) {
        assert.equal(runtime?.node, process.execPath, 'no second Node is fetched');
        assert.equal(server, `Azurite-Blob/${AZURITE_RELEASE}`);
      } else {
        assert.equal(runtime, undefined);
        assert.match(server ?? '', /^Azurite-Blob\/3\.35\./);
      }
    } finally {
      await azurite.stop();
    }
  });
});
