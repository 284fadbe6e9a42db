import assert from 'node:assert/strict';
import { loadConfig } from '../../src/lib/config.js';
import { ConfigError } from '../../src/lib/errors.js';

/** Runs loadConfig expecting a ConfigError and returns its problems. */
export function configProblems(
  base: Record<string, string | undefined>,
  env: Record<string, string | undefined> = {},
): string[] {
  let caught: unknown;
  try {
    loadConfig(base, env);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
  assert.ok(Array.isArray(caught.problems));
  assert.ok(caught.problems.length > 0);
  for (const problem of caught.problems)
    assert.ok(caught.message.includes(problem), 'message lists every problem');
  return caught.problems;
}

/** The problems that name setting `name`. */
export const problemsAbout = (problems: string[], name: string): string[] =>
  problems.filter((p) => p.startsWith(`${name}:`));
