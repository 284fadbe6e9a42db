import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { HttpRequest, HttpResponse, InvocationContext } from '../functions/sdk.js';
import type { HttpFunctionDefinition } from '../functions/definitions.js';

// The host accepts up to 100 MB; no route here needs more than a small JSON body, so stop reading early.
const MAX_BODY_BYTES = 1024 * 1024;

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

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function writeResponse(res: ServerResponse, init: HttpResponseInit): Promise<void> {
  const response = new HttpResponse(init);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Serves HTTP definitions the way the host would: `/{routePrefix}/{route}`, route parameters in
 * `request.params`, JSON errors for unknown routes (404) and methods (405). Keys are not checked, as with
 * `func start`; in Azure the `function` auth level applies.
 */
export function createHttpServer(
  definitions: readonly HttpFunctionDefinition[],
  options: { routePrefix?: string; log: (line: string) => void },
): Server {
  const routes = definitions.map((d) => compile(d, options.routePrefix ?? 'api'));
  return createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const method = (req.method ?? 'GET').toUpperCase();
      let pathMatched = false;
      for (const route of routes) {
        const match = route.pattern.exec(url.pathname);
        if (!match) continue;
        pathMatched = true;
        if (!route.definition.methods.includes(method as never)) continue;
        const body = await readBody(req);
        if (body === 'too_large') {
          // The rest of the body is never read, so this connection cannot carry another request: say so,
          // or a keep-alive client reuses it and its next request fails with ECONNRESET.
          sendJson(
            res,
            413,
            {
              error: { code: 'payload_too_large', message: `Request body exceeds ${MAX_BODY_BYTES} bytes.` },
            },
            { Connection: 'close' },
          );
          return;
        }
        const params: Record<string, string> = {};
        route.paramNames.forEach((name, i) => {
          const raw = match[i + 1] ?? '';
          try {
            params[name] = decodeURIComponent(raw);
          } catch {
            params[name] = raw;
          }
        });
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
        }
        const request = new HttpRequest({
          method,
          url: url.toString(),
          headers,
          params,
          ...(body.length > 0 ? { body: { bytes: body } } : {}),
        });
        const context = new InvocationContext({
          invocationId: randomUUID(),
          functionName: route.definition.name,
          logHandler: (level, ...args) => {
            if (level === 'error' || level === 'warning')
              options.log(`[${route.definition.name}] ${args.map(String).join(' ')}`);
          },
        });
        await writeResponse(res, await route.definition.handler(request, context));
        return;
      }
      if (pathMatched) {
        const allowed = routes
          .filter((r) => r.pattern.test(url.pathname))
          .flatMap((r) => r.definition.methods);
        sendJson(
          res,
          405,
          { error: { code: 'method_not_allowed', message: `Use ${allowed.join(', ')} for this route.` } },
          { Allow: allowed.join(', ') },
        );
        return;
      }
      sendJson(res, 404, { error: { code: 'not_found', message: `No route ${method} ${url.pathname}.` } });
    })().catch((error: unknown) => {
      options.log(`HTTP handler crashed: ${String(error)}`);
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'internal_error', message: 'An unexpected error occurred.' } });
      else res.destroy();
    });
  });
}
