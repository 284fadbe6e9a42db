/**
 * Names a storage REST request by what it does (see the Blob, Queue and Table service REST references), from
 * its method, URL and, for reads that return rows or messages, its response body.
 */
export interface Classified {
  /** e.g. "download", "receive", "query". */
  operation: string;
  /** The container, queue or table it touched. */
  resource: string;
  /** Table reads: entities returned. Queue receives: messages returned. */
  entities?: number;
  /** Table queries: their $filter. */
  filter?: string;
}

/**
 * Path segments after the account: Azurite and other path-style endpoints put the account name first.
 * `servicePath` is the service URL's own path ("/devstoreaccount1" on Azurite, "/" on Azure).
 */
function segments(url: URL, servicePath: string): string[] {
  const base = servicePath.replace(/\/+$/, '');
  const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname;
  return path.split('/').filter(Boolean).map(decodeURIComponent);
}

export function classifyBlob(method: string, url: URL, servicePath: string): Classified {
  const [container = '', ...blob] = segments(url, servicePath);
  const comp = url.searchParams.get('comp');
  const isContainer = url.searchParams.get('restype') === 'container' || blob.length === 0;
  const resource = container;
  if (method === 'GET' && comp === 'list') return { operation: 'list blobs', resource };
  if (isContainer) return { operation: `${method.toLowerCase()} container`, resource };
  if (method === 'GET') return { operation: 'download', resource };
  if (method === 'HEAD') return { operation: 'get properties', resource };
  if (method === 'PUT' && comp === 'block') return { operation: 'stage block', resource };
  if (method === 'PUT' && comp === 'blocklist') return { operation: 'commit blocks', resource };
  if (method === 'PUT' && comp) return { operation: `set ${comp}`, resource };
  if (method === 'PUT') return { operation: 'upload', resource };
  if (method === 'DELETE') return { operation: 'delete blob', resource };
  return { operation: `${method} ${comp ?? ''}`.trim(), resource };
}

export function classifyQueue(method: string, url: URL, servicePath: string, body?: string): Classified {
  const [queue = '', part, id] = segments(url, servicePath);
  const resource = queue;
  if (part !== 'messages') {
    if (method === 'PUT') return { operation: 'create queue', resource };
    if (method === 'DELETE') return { operation: 'delete queue', resource };
    return { operation: 'queue properties', resource };
  }
  if (id) return { operation: method === 'DELETE' ? 'delete message' : 'update message', resource };
  if (method === 'POST') return { operation: 'send', resource };
  if (method === 'DELETE') return { operation: 'clear', resource };
  if (url.searchParams.get('peekonly') === 'true') return { operation: 'peek', resource };
  const messages = (body?.match(/<QueueMessage>/g) ?? []).length;
  return { operation: messages === 0 ? 'receive (empty)' : 'receive', resource, entities: messages };
}

export function classifyTable(
  method: string,
  url: URL,
  servicePath: string,
  table: string,
  status: number,
  body?: string,
): Classified {
  const [target = ''] = segments(url, servicePath);
  const resource = table;
  if (target === '$batch') return { operation: 'transaction', resource };
  if (target === 'Tables' || target.startsWith('Tables(')) return { operation: 'table admin', resource };
  const keyed = /\(PartitionKey=.*\)$/.test(target);
  if (method === 'GET' && keyed)
    return { operation: 'get entity', resource, entities: status === 200 ? 1 : 0 };
  if (method === 'GET') {
    const filter = url.searchParams.get('$filter');
    return { operation: 'query', resource, entities: entitiesIn(body), ...(filter ? { filter } : {}) };
  }
  if (method === 'POST') return { operation: 'insert', resource };
  if (method === 'DELETE') return { operation: 'delete entity', resource };
  return { operation: 'update or upsert', resource };
}

function entitiesIn(body: string | undefined): number {
  if (!body) return 0;
  try {
    const parsed = JSON.parse(body) as { value?: unknown[] };
    return parsed.value?.length ?? 0;
  } catch {
    return 0;
  }
}
