import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fateKindOf, permanentCodeOf } from '../../helpers/fates.js';
import {
  AzureDocumentTranslator,
  glossaryTsv,
  type AzureDocumentTranslatorOptions,
} from '../../../src/lib/translation/azure/azureDocumentTranslator.js';
import type { DocumentTranslateRequest } from '../../../src/lib/translation/translator.js';
import { AzureTranslatorTestServer } from '../../helpers/azureTranslatorServer.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

function translatorFor(
  server: AzureTranslatorTestServer,
  options: Partial<AzureDocumentTranslatorOptions> = {},
) {
  return new AzureDocumentTranslator({
    endpoint: server.endpoint,
    auth: { kind: 'key', key: 'k-1' },
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, totalBudgetMs: 5_000 },
    requestTimeoutMs: 5_000,
    ...options,
  });
}

// The test server "translates" a document's bytes as text, so the tests can read what came back.
const request = (overrides: Partial<DocumentTranslateRequest> = {}): DocumentTranslateRequest => ({
  content: Buffer.from('Open the file and read the first page.'),
  fileName: 'report.docx',
  contentType: DOCX,
  to: 'es',
  from: 'en',
  ...overrides,
});

describe('AzureDocumentTranslator', () => {
  let server: AzureTranslatorTestServer;
  before(async () => {
    server = await AzureTranslatorTestServer.start({ key: 'k-1' });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it('offers the binary formats the synchronous endpoint takes, up to 10 MB', () => {
    const documents = translatorFor(server);
    assert.deepEqual([...documents.extensions].sort(), ['.docx', '.mht', '.mhtml', '.msg', '.pptx', '.xlsx']);
    assert.equal(documents.maxBytes, 10 * 1024 * 1024);
  });

  it('posts the document as multipart and returns the translated file and the metered characters', async () => {
    const result = await translatorFor(server).translateDocument(request());
    assert.equal(result.content.toString(), 'Abre el archivo y lee el primera página.');
    assert.equal(result.charactersCharged, 'Open the file and read the first page.'.length);
    const received = server.received[0];
    assert.equal(received?.path, '/translator/document:translate');
    assert.deepEqual(Object.fromEntries(received?.query ?? []), {
      targetLanguage: 'es',
      sourceLanguage: 'en',
      'api-version': '2024-05-01',
    });
    assert.deepEqual(received?.document, { fileName: 'report.docx', contentType: DOCX, bytes: 38 });
    assert.equal(received?.glossary, undefined);
  });

  it('sends the glossary as a TSV file the service applies', async () => {
    const glossary = new Map([
      ['file', 'Fichero'],
      ['first page', 'portada'],
      ['bad\tterm', 'skipped'],
    ]);
    const result = await translatorFor(server).translateDocument(request({ glossary }));
    assert.equal(server.received[0]?.glossary, 'file\tFichero\nfirst page\tportada\n');
    assert.equal(result.content.toString(), 'Abre el Fichero y lee el portada.');
  });

  it('names the real content type when the blob only says application/octet-stream', async () => {
    await translatorFor(server).translateDocument(
      request({ fileName: 'deck.PPTX', contentType: 'application/octet-stream' }),
    );
    assert.equal(server.received[0]?.document?.contentType, PPTX);
  });

  it('retries a 503 and a 429, then succeeds', async () => {
    server.plan(
      { status: 503, code: 503000 },
      { status: 429, code: 429001, headers: { 'retry-after-ms': '5' } },
    );
    const result = await translatorFor(server).translateDocument(request());
    assert.equal(result.content.toString(), 'Abre el archivo y lee el primera página.');
    assert.equal(server.requests, 3);
    assert.ok(
      server.received.every((r) => r.document?.bytes === 38),
      'every attempt carried the document',
    );
  });

  it('fails the item translator_rejected when the service refuses the document', async () => {
    const error = await translatorFor(server)
      .translateDocument(request({ to: 'xx' }))
      .catch((e: unknown) => e);
    assert.equal(permanentCodeOf(error), 'translator_rejected');
    assert.match((error as Error).message, /InvalidRequest/);
    assert.equal(server.requests, 1);
  });

  it('throws a transient error once the retries are spent', async () => {
    server.plan(...Array.from({ length: 3 }, () => ({ status: 500, code: 500000 })));
    const error = await translatorFor(server)
      .translateDocument(request())
      .catch((e: unknown) => e);
    assert.equal(fateKindOf(error), 'transient');
    assert.match((error as Error).message, /500000/);
    assert.equal(server.requests, 3);
  });

  it('charges 0 when the service reports no meter', async () => {
    const unmetered = await AzureTranslatorTestServer.start({ key: 'k-1', meteredUsage: false });
    try {
      const result = await translatorFor(unmetered).translateDocument(request());
      assert.equal(result.charactersCharged, 0);
    } finally {
      await unmetered.close();
    }
  });

  it('rejects a glossary over the endpoint limit of 1 MB without sending it', async () => {
    const glossary = new Map(Array.from({ length: 60_000 }, (_, i) => [`term ${i}`, `translation ${i}`]));
    await assert.rejects(
      translatorFor(server).translateDocument(request({ glossary })),
      (e) => permanentCodeOf(e) === 'translator_rejected',
    );
    assert.equal(server.requests, 0);
  });
});

describe('glossaryTsv', () => {
  it('writes one term per line and leaves out entries TSV cannot hold', () => {
    const tsv = glossaryTsv(
      new Map([
        ['Contoso', 'Contoso'],
        ['two\nlines', 'x'],
        [' ', 'blank'],
        ['cloud', 'nube\t!'],
      ]),
    );
    assert.equal(tsv, 'Contoso\tContoso\n');
    assert.equal(glossaryTsv(new Map()), '');
  });
});
