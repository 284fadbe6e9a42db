/** Entry point the Functions host loads (package.json "main"): registers every definition with the host. */
import { app } from './sdk.js';
import { loadConfig } from '../lib/config.js';
import { createServices, type Services } from '../lib/services.js';
import { defineFunctions } from './definitions.js';

// Validate settings as the worker starts, so a misconfigured app fails loudly with every problem listed.
const config = loadConfig();
let services: Services | undefined;
const getServices = (): Services => (services ??= createServices(config));

for (const definition of defineFunctions(getServices)) {
  if (definition.kind === 'http') {
    app.http(definition.name, {
      route: definition.route,
      methods: definition.methods,
      authLevel: definition.authLevel,
      handler: definition.handler,
    });
  } else {
    app.storageQueue(definition.name, {
      queueName: definition.queueName,
      connection: definition.connection,
      handler: definition.handler,
    });
  }
}
