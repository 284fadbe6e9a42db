import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { HttpResponseInit } from '@azure/functions';
import { HttpRequest, HttpResponse, InvocationContext } from '../functions/sdk.js';
import type { HttpFunctionDefinition } from '../functions/definitions.js';
import { PayloadTooLargeError } from '../lib/errors.js';
import { MAX_REQUEST_BYTES } from '../lib/http/jsonBody.js';
import { readBody, TOO_LARGE } from './requestBody.js';

// The Functions host reads bodies up to 100 MB before the app sees them: read (and drop) as much here, so a
// body the host would answer with a readable 413 gets one from this server too.
const MAX_DRAINED_BYTES = 100 * 1024 * 1024;

/**
 * Node 20 and 22 close an idle keep-alive socket about 5 s after a response, sooner than browsers, .NET,
 * Python and other clients stop reusing one, so a request sent on it as the server closes was reset
 * (ECONNRESET). 65 s, as load balancers use, is advertised in `Keep-Alive: timeout=65`, and clients that
 * honour the hint (undici behind Node's fetch drops a socket 2 s before it) never race the server.
 * headersTimeout stays above keepAliveTimeout, as long-standing advice for Node behind proxies has it (Node
 * itself only requires headersTimeout <= requestTimeout); requestTimeout bounds a whole request, a drained
 * oversized body included.
 */
const CONNECTION_TIMEOUTS = { keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 120_000 };

interface CompiledRoute {
  definition: HttpFunctionDefinition;
  pattern: RegExp;
  paramNames: string[];
}

function compile(definition: HttpFunctionDefinition, routePrefix: string): CompiledRoute {
  const paramNames: string[] = [];
  const source = definition.route
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      paramNames.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { definition, pattern: new RegExp(`^/${routePrefix}/${source}/?$`, 'i'), paramNames };
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return {
    status,
    jsonBody: body,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  };
}

/**
 * The API's own 413 (`PayloadTooLargeError`), so its message states the documented limit. The connection
 * closes after it: a body past the drain limit is left unread, so it cannot carry another request.
 */
function payloadTooLarge(): HttpResponseInit {
  const { status, code, message } = new PayloadTooLargeError(MAX_REQUEST_BYTES);
  return jsonResponse(
    status,
    { error: { code, message } },
    { 'Cache-Control': 'no-store', Connection: 'close' },
  );
}

function functionRequest(
  req: IncomingMessage,
  url: URL,
  params: Record<string, string>,
  body: Buffer,
): InstanceType<typeof HttpRequest> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new HttpRequest({
    method: (req.method ?? 'GET').toUpperCase(),
    url: url.toString(),
    headers,
    params,
    ...(body.length > 0 ? { body: { bytes: body } } : {}),
  });
}

function decodedParams(route: CompiledRoute, match: RegExpExecArray): Record<string, string> {
  const params: Record<string, string> = {};
  route.paramNames.forEach((name, i) => {
    const raw = match[i + 1] ?? '';
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      params[name] = raw;
    }
  });
  return params;
}

/**
 * Serves HTTP definitions the way the host would: `/{routePrefix}/{route}`, route parameters in
 * `request.params`, JSON errors for unknown routes (404) and methods (405), and a 413 for bodies over the
 * API's limit. Keys are not checked, as with `func start`; in Azure the `function` auth level applies.
 */
export function createHttpServer(
  definitions: readonly HttpFunctionDefinition[],
  options: {
    routePrefix?: string;
    log: (line: string) => void;
    /** GET routes of the runtime itself, outside the function routes (`/metrics`), by exact path. */
    runtimeRoutes?: Record<string, () => Promise<HttpResponseInit>>;
  },
): Server {
  const routes = definitions.map((d) => compile(d, options.routePrefix ?? 'api'));

  const handle = async (req: IncomingMessage): Promise<HttpResponseInit> => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const runtimeRoute = options.runtimeRoutes?.[url.pathname];
    if (runtimeRoute) {
      if (method === 'GET') return runtimeRoute();
      return jsonResponse(
        405,
        { error: { code: 'method_not_allowed', message: 'Use GET for this route.' } },
        { Allow: 'GET' },
      );
    }
    const pathRoutes = routes.filter((r) => r.pattern.test(url.pathname));
    const route = pathRoutes.find((r) => r.definition.methods.includes(method as never));
    const match = route?.pattern.exec(url.pathname);
    if (route && match) {
      const body = await readBody(req, MAX_REQUEST_BYTES, MAX_DRAINED_BYTES);
      if (body === TOO_LARGE) return payloadTooLarge();
      const context = new InvocationContext({
        invocationId: randomUUID(),
        functionName: route.definition.name,
        logHandler: (level, ...args) => {
          if (level === 'error' || level === 'warning')
            options.log(`[${route.definition.name}] ${args.map(String).join(' ')}`);
        },
      });
      return route.definition.handler(functionRequest(req, url, decodedParams(route, match), body), context);
    }
    if (pathRoutes.length > 0) {
      const allowed = pathRoutes.flatMap((r) => r.definition.methods).join(', ');
      return jsonResponse(
        405,
        { error: { code: 'method_not_allowed', message: `Use ${allowed} for this route.` } },
        { Allow: allowed },
      );
    }
    return jsonResponse(404, {
      error: { code: 'not_found', message: `No route ${method} ${url.pathname}.` },
    });
  };

  const server = createServer(CONNECTION_TIMEOUTS, (req, res) => {
    const respond = async (init: HttpResponseInit) => {
      const response = new HttpResponse(init);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key] = value));
      // Once the server is closing, a connection ends after its response instead of idling on for the
      // keep-alive timeout, which would hold up close() (and a graceful stop) for as long.
      if (!server.listening) headers.connection = 'close';
      // A handler that answers with a stream (a TMX export) is sent as it is produced, never held whole.
      if (init.body instanceof ReadableStream && response.body) {
        res.writeHead(response.status, headers);
        await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
        return;
      }
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, headers);
      res.end(body);
    };
    handle(req)
      .then(respond)
      .catch(async (error: unknown) => {
        options.log(`HTTP handler crashed: ${String(error)}`);
        if (res.headersSent) res.destroy();
        else
          await respond(
            jsonResponse(500, {
              error: { code: 'internal_error', message: 'An unexpected error occurred.' },
            }),
          );
      })
      .catch(() => res.destroy());
  });
  return server;
}
