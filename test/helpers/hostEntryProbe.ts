/**
 * Loads the host entry point the way the Azure Functions Node.js worker does (a dynamic import of
 * package.json "main"'s source, in a fresh process with the given environment), records every registration,
 * then invokes the health route and one queue trigger. Prints one JSON line: what the host would see.
 * Run by test/functions/index.test.ts.
 */
import functions, { type InvocationContext as Context } from '@azure/functions';
import { HttpRequest, HttpResponse, InvocationContext } from '../../src/functions/sdk.js';

type Handler = (input: unknown, context: Context) => Promise<unknown>;
const registered = new Map<string, { kind: string; handler: Handler }>();
const app = functions.app as unknown as Record<string, unknown>;
for (const kind of ['http', 'storageQueue', 'generic', 'timer']) {
  app[kind] = (name: string, options: { handler: Handler }) =>
    registered.set(name, { kind, handler: options.handler });
}

let loadError: string | undefined;
try {
  await import('../../src/functions/index.js');
} catch (error) {
  loadError = String(error);
}

const context = (name: string) => new InvocationContext({ functionName: name, logHandler: () => undefined });
const health = registered.get('health');
let healthAnswer: { status: number; body: unknown } | undefined;
if (health) {
  const request = new HttpRequest({ method: 'GET', url: 'http://localhost/api/health' });
  const response = new HttpResponse(
    (await health.handler(request, context('health'))) as ConstructorParameters<typeof HttpResponse>[0],
  );
  healthAnswer = { status: response.status, body: JSON.parse(await response.text()) as unknown };
}
let queueError: string | undefined;
const worker = registered.get('translateFile');
if (worker) {
  try {
    await worker.handler({ kind: 'translate' }, context('translateFile'));
  } catch (error) {
    queueError = String(error);
  }
}
console.log(
  JSON.stringify({ loadError, registered: [...registered.keys()], health: healthAnswer, queueError }),
);
