/**
 * `@azure/functions` is a CommonJS bundle whose named exports Node's ESM loader cannot see; import its
 * runtime values through this one module (types can still be imported by name).
 */
import functions from '@azure/functions';

export const { app, HttpRequest, HttpResponse, InvocationContext } = functions;
