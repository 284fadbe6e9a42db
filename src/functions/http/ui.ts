import { randomBytes } from 'node:crypto';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { renderUiPage, uiContentSecurityPolicy } from '../../lib/ui/page.js';

/** GET /api/ui: the web page. Anonymous: it holds no data and calls the API with the user's key. */
export function uiHandler() {
  return (_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
    const nonce = randomBytes(16).toString('base64');
    return Promise.resolve({
      status: 200,
      body: renderUiPage(nonce),
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': uiContentSecurityPolicy(nonce),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      },
    });
  };
}
