import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { detect, DOCUMENT_TYPES, LANGUAGES, translateHtml, translateWords } from './testTranslation.js';
import type { CharacterQuota } from './quotaTranslatorServer.js';

/** A response to give instead of the real one: an error, or the real answer held back for `delayMs`. */
export type ScriptedResponse =
  | { status: number; code: number | string; message?: string; headers?: Record<string, string> }
  | { delayMs: number };

export interface ReceivedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The `Text` elements of a `/translate` body. */
  texts: string[];
  /** The parts of a document request. */
  document?: { fileName: string; contentType: string; bytes: number };
  glossary?: string;
  status: number;
  /** What a successful `/translate` answered, and the characters it billed. */
  reply?: string;
  metered?: number;
}

export interface TestServerOptions {
  key?: string;
  /** When set, key requests must name this region. */
  region?: string;
  /** Bearer tokens accepted as Entra ID auth. */
  bearerTokens?: string[];
  /** Send `X-metered-usage` (default true). */
  meteredUsage?: boolean;
  /** Return protected spans with other attribute order, quotes and padding, as a real engine may. */
  variantMarkup?: boolean;
  /** Enforce a character quota on `/translate` (see quotaTranslatorServer.ts). */
  quota?: CharacterQuota;
}

interface Reply {
  status: number;
  body: string | Buffer;
  headers: Record<string, string>;
}

const fail = (status: number, code: number | string, message: string, headers = {}): Reply => ({
  status,
  body: JSON.stringify({ error: { code, message } }),
  headers: { 'Content-Type': 'application/json', ...headers },
});

/** Validation as the service does it: the first failing check answers. */
type Check = [failed: boolean, status: number, code: number | string, message: string];
const firstFailure = (checks: Check[]): Reply | undefined => {
  const failed = checks.find(([failed]) => failed);
  return failed && fail(failed[1], failed[2], failed[3]);
};

/**
 * A local stand-in for Azure Translator: the v3 `/translate` protocol and the synchronous document endpoint,
 * with their validation and limits, a deterministic "translation", scripted faults and traffic counters.
 */
export class AzureTranslatorTestServer {
  readonly received: ReceivedRequest[] = [];
  charactersReceived = 0;
  maxInFlight = 0;
  private inFlight = 0;
  private readonly script: ScriptedResponse[] = [];
  private readonly closing = new AbortController();
  readonly key: string;
  readonly bearerTokens: Set<string>;

  private constructor(
    private readonly server: Server,
    private readonly options: TestServerOptions,
  ) {
    this.key = options.key ?? 'test-key';
    this.bearerTokens = new Set(options.bearerTokens ?? []);
  }

  static async start(options: TestServerOptions = {}): Promise<AzureTranslatorTestServer> {
    const server = createServer();
    const instance = new AzureTranslatorTestServer(server, options);
    server.on('request', (req, res) => {
      instance.inFlight++;
      instance.maxInFlight = Math.max(instance.maxInFlight, instance.inFlight);
      void instance
        .handle(req)
        .catch((error: unknown) => fail(500, 500000, String(error)))
        .then((reply) => {
          instance.inFlight--;
          if (reply && !res.destroyed) res.writeHead(reply.status, reply.headers).end(reply.body);
        });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return instance;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get requests(): number {
    return this.received.length;
  }

  /** The next requests (after auth) get these responses, in order. */
  plan(...responses: ScriptedResponse[]): void {
    this.script.push(...responses);
  }

  reset(): void {
    this.received.length = 0;
    this.script.length = 0;
    this.charactersReceived = 0;
    this.maxInFlight = 0;
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves to undefined when the client went away while a scripted delay ran. */
  private async handle(req: IncomingMessage): Promise<Reply | undefined> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry: ReceivedRequest = {
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      texts: [],
      status: 0,
    };
    this.received.push(entry);
    const reply = await this.answer(req, url, body, entry);
    if (reply) entry.status = reply.status;
    return reply;
  }

  private async answer(req: IncomingMessage, url: URL, body: Buffer, entry: ReceivedRequest) {
    const isDocument = url.pathname === '/translator/document:translate';
    if (isDocument) await this.readDocument(req, body, entry);
    else entry.texts = parseTexts(body) ?? [];
    this.charactersReceived += entry.texts.reduce((n, t) => n + t.length, 0);
    if (req.method !== 'POST') return fail(405, 405000, 'The request method is not supported.');
    if (!this.authorized(req.headers)) {
      return fail(401, 401000, 'The request is not authorized because credentials are missing or invalid.');
    }
    const scripted = this.script.shift();
    if (scripted && 'status' in scripted) {
      return fail(
        scripted.status,
        scripted.code,
        scripted.message ?? `scripted ${scripted.code}`,
        scripted.headers,
      );
    }
    if (scripted) {
      const waited = await delay(scripted.delayMs, true, { signal: this.closing.signal }).catch(() => false);
      if (!waited || req.socket.destroyed) return undefined;
    }
    if (isDocument) return this.translateDocument(url.searchParams, entry);
    if (url.pathname !== '/translate') return fail(404, 404000, 'Resource not found.');
    const overQuota = this.options.quota?.admit(entry.texts.reduce((n, t) => n + t.length, 0));
    if (overQuota) return fail(429, 429001, overQuota.message, overQuota.headers);
    return this.translateTexts(url.searchParams, body, entry);
  }

  private authorized(headers: IncomingHttpHeaders): boolean {
    const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (bearer !== undefined) return this.bearerTokens.has(bearer);
    if (headers['ocp-apim-subscription-key'] !== this.key) return false;
    return !this.options.region || headers['ocp-apim-subscription-region'] === this.options.region;
  }

  private translateTexts(query: URLSearchParams, body: Buffer, entry: ReceivedRequest): Reply {
    const to = query.get('to');
    const from = query.get('from');
    const texts = entry.texts;
    const total = texts.reduce((n, t) => n + t.length, 0);
    const failure = firstFailure([
      [query.get('api-version') !== '3.0', 400, 400021, 'The API version parameter is missing or invalid.'],
      [!to || !LANGUAGES.has(to), 400, 400036, 'The target language is not valid.'],
      [from !== null && !LANGUAGES.has(from), 400, 400035, 'The source language is not valid.'],
      [query.get('textType') !== 'html', 400, 400071, 'This test server speaks textType=html only.'],
      [parseTexts(body) === undefined, 400, 400074, 'The body of the request is not valid JSON.'],
      [texts.length > 1000, 400, 400072, 'The array of input text has too many elements.'],
      [texts.some((t) => t.length > 50_000), 400, 400050, 'The input text is too long.'],
      [total > 50_000, 400, 400077, 'The maximum request size is exceeded.'],
    ]);
    if (failure || !to) return failure ?? fail(400, 400036, 'The target language is not valid.');
    let metered = 0;
    const results = texts.map((text) => {
      const translated = translateHtml(text, to, this.options.variantMarkup ?? false);
      metered += translated.billed;
      return {
        ...(from === null ? { detectedLanguage: { language: detect(translated.source), score: 1 } } : {}),
        translations: [{ text: translated.html, to }],
      };
    });
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
    if (this.options.meteredUsage ?? true) headers['X-metered-usage'] = String(metered);
    [entry.reply, entry.metered] = [JSON.stringify(results), metered];
    return { status: 200, body: entry.reply, headers };
  }

  private async readDocument(req: IncomingMessage, body: Buffer, entry: ReceivedRequest): Promise<void> {
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) return;
    const form = await new Request('http://localhost/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }).formData();
    const document = form.get('document');
    const glossary = form.get('glossary');
    if (document instanceof File) {
      entry.document = { fileName: document.name, contentType: document.type, bytes: document.size };
      entry.texts = [await document.text()];
    }
    if (glossary instanceof File) entry.glossary = await glossary.text();
  }

  private translateDocument(query: URLSearchParams, entry: ReceivedRequest): Reply {
    const to = query.get('targetLanguage');
    const from = query.get('sourceLanguage');
    const document = entry.document;
    const failure = firstFailure([
      [query.get('api-version') !== '2024-05-01', 400, 'InvalidRequest', 'Unsupported api-version.'],
      [!to || !LANGUAGES.has(to), 400, 'InvalidRequest', 'The target language is not supported.'],
      [from !== null && !LANGUAGES.has(from), 400, 'InvalidRequest', 'The source language is not supported.'],
      [!document, 400, 400000, 'The Document field is required.'],
      [!DOCUMENT_TYPES.has(document?.contentType ?? ''), 415, 'UnsupportedMediaType', 'Unsupported type.'],
      [(document?.bytes ?? 0) > 10 * 1024 * 1024, 413, 'RequestEntityTooLarge', 'Document over 10 MB.'],
    ]);
    if (failure || !to || !document) return failure ?? fail(400, 400000, 'The Document field is required.');
    const text = entry.texts[0] ?? '';
    const terms = (entry.glossary ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t'));
    // Glossary terms go through as markers without letters, so word translation cannot touch them.
    let marked = text;
    terms.forEach(([term = ''], i) => {
      if (term) marked = marked.split(term).join(`\uE000${i}\uE001`);
    });
    const translated = translateWords(marked, to).replace(
      /\uE000(\d+)\uE001/g,
      (_, i: string) => terms[Number(i)]?.[1] ?? '',
    );
    const headers: Record<string, string> = { 'Content-Type': document.contentType };
    if (this.options.meteredUsage ?? true) headers['X-metered-usage'] = String(text.length);
    return { status: 200, body: Buffer.from(translated, 'utf8'), headers };
  }
}

function parseTexts(body: Buffer): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (!Array.isArray(parsed)) return undefined;
    return parsed.map((item: unknown) => {
      const text = (item as { Text?: unknown } | null)?.Text;
      if (typeof text !== 'string') throw new Error('element without Text');
      return text;
    });
  } catch {
    return undefined;
  }
}
