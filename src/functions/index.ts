/** Entry point the Functions host loads (package.json "main"): registers every definition with the host. */
import { app } from './sdk.js';
import { loadConfig } from '../lib/config.js';
import { createServices, type Services } from '../lib/services.js';
import { defineFunctions } from './definitions.js';
import { ensureResources } from '../lib/storage/ensureResources.js';
import { jobOrchestrationsOf } from './durable/client.js';
import { durableApp, durableInput } from './durable/sdk.js';

// Validate settings as the worker starts, so a misconfigured app fails loudly with every problem listed.
const config = loadConfig();
let services: Services | undefined;
const getServices = (): Services => (services ??= createServices(config));

// Producers (createJob, the planner) need their queues before the first request; the deployment templates
// create them too, so a failure here is logged rather than fatal.
app.hook.appStart(async () => {
  try {
    await ensureResources(config, getServices().storage);
  } catch (error) {
    console.warn(`Could not verify queues and table at start-up: ${String(error)}`);
  }
});

for (const definition of defineFunctions(getServices, { orchestrations: jobOrchestrationsOf })) {
  switch (definition.kind) {
    case 'http':
      app.http(definition.name, {
        route: definition.route,
        methods: definition.methods,
        authLevel: definition.authLevel,
        ...(definition.durableClient ? { extraInputs: [durableInput.durableClient()] } : {}),
        handler: definition.handler,
      });
      break;
    case 'queue':
      app.storageQueue(definition.name, {
        queueName: definition.queueName,
        connection: definition.connection,
        handler: definition.handler,
      });
      break;
    case 'orchestration':
      durableApp.orchestration(definition.name, definition.handler);
      break;
    case 'activity':
      durableApp.activity(definition.name, { handler: definition.handler });
      break;
  }
}
