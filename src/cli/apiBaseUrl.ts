/** The route prefix the app serves its API under (host.json `extensions.http.routePrefix`). */
const ROUTE_PREFIX = '/api';

/**
 * The API's base URL from what a user typed: the function app's address with or without `/api`, with or
 * without trailing slashes (`http://127.0.0.1:7071`, `http://127.0.0.1:7071/`, `.../api/` all give
 * `http://127.0.0.1:7071/api`). Query strings and fragments carry nothing the API reads, so they are dropped.
 */
export function apiBaseUrl(typed: string): string {
  const url = new URL(typed);
  const path = url.pathname.replace(/\/+$/, '');
  const prefixed = path.toLowerCase().endsWith(ROUTE_PREFIX) ? path : `${path}${ROUTE_PREFIX}`;
  return `${url.origin}${prefixed}`;
}
