import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Reads `Values` from local.settings.json the way `func start` does; absent file means no values. */
export function readLocalSettings(path = resolve('local.settings.json')): Record<string, string> {
  if (!existsSync(path)) return {};
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { Values?: Record<string, unknown> };
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.Values ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      values[key] = String(value);
  }
  return values;
}
