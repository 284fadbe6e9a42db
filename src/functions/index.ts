/** Entry point the Functions host loads (package.json "main"): registers every definition with the host. */
import './telemetry.js'; // first: OpenTelemetry must start before the modules it instruments load
import { app } from './sdk.js';
import { ConfigError } from '../lib/errors.js';
import { defineFunctions, timerSchedule } from './definitions.js';
import { ensureResources } from '../lib/storage/ensureResources.js';
import { jobOrchestrationsOf } from './durable/client.js';
import { durableApp, durableInput } from './durable/sdk.js';
import { lazyServices } from './lazyServices.js';

// Nothing here may throw while the module loads (see lazyServices): settings are validated on first use.
const getServices = lazyServices();

// Producers (createJob, the planner) need their queues before the first request; the deployment templates
// create them too, so a failure here is logged rather than fatal.
app.hook.appStart(async () => {
  try {
    const services = getServices();
    await ensureResources(services.config, services.storage);
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else console.warn(`Could not verify queues and table at start-up: ${String(error)}`);
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
    case 'timer':
      app.timer(definition.name, { schedule: timerSchedule(definition), handler: definition.handler });
      break;
    case 'orchestration':
      durableApp.orchestration(definition.name, definition.handler);
      break;
    case 'activity':
      durableApp.activity(definition.name, { handler: definition.handler });
      break;
  }
}
