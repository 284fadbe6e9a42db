import { loadConfig } from '../lib/config.js';
import { ConfigError } from '../lib/errors.js';
import { createServices, type Services } from '../lib/services.js';

/**
 * Services built on first use, not at module load: under the real worker an exception while the entry point
 * loads is reported as success and the host starts with no functions at all. So every function is always
 * registered, and with invalid settings each invocation fails with the full list of problems (health answers
 * 503 listing them) instead of the app silently vanishing.
 */
export function lazyServices(load: () => Services = () => createServices(loadConfig())): () => Services {
  let built: Services | ConfigError | undefined;
  return () => {
    if (built === undefined) {
      try {
        built = load();
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        built = error;
      }
    }
    if (built instanceof ConfigError) throw built;
    return built;
  };
}
