/**
 * `durable-functions` is CommonJS like `@azure/functions` (see ../sdk.ts): import its runtime values through
 * this one module. It registers through `@azure/functions`' own `app`, so it belongs to the host glue only.
 */
import durable from 'durable-functions';

export const { app: durableApp, input: durableInput, getClient, RetryOptions } = durable;
