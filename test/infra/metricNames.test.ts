/**
 * The alerts watch metrics the app really emits. infra/bicep/modules/alerts.bicep queries AppMetrics by metric
 * name and attribute; a name or attribute that the code does not emit would make an alert silently never fire.
 * Every name, attribute and attribute value the queries use is checked here against the instrument table
 * (src/lib/telemetry/instruments.ts) and the code that sets the attributes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTRUMENTS, METRIC_NAMES, type InstrumentSpec } from '../../src/lib/telemetry/instruments.js';
import { monitoredQueues } from '../../src/lib/telemetry/measureQueues.js';
import { ITEM_STATUSES } from '../../src/lib/tracker/entities.js';
import { loadConfig } from '../../src/lib/config.js';
import { defineFunctions } from '../../src/functions/definitions.js';
import {
  evaluateString,
  modules,
  objectEntries,
  parseBicep,
  resources,
  topLevelItems,
  varValue,
} from './bicepText.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readText = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const alerts = parseBicep(readText('infra/bicep/modules/alerts.bicep'));

/** The KQL of each `...Query` variable. */
const queries = new Map(
  [...alerts.vars.keys()]
    .filter((name) => name.endsWith('Query'))
    .map((name) => [name, evaluateString(alerts, name) ?? ''] as const),
);

const specByName = new Map<string, InstrumentSpec>(
  Object.values(INSTRUMENTS).map((spec) => [spec.name, spec]),
);
const metricNamesIn = (kql: string): string[] =>
  [...kql.matchAll(/"(batch_translator\.[\w.]+)"/g)].map((m) => m[1] ?? '');

/** Values each attribute can take, from the code that sets it. */
const config = loadConfig({}, {});
const ATTRIBUTE_VALUES: Record<string, readonly string[]> = {
  queue_role: [...new Set(monitoredQueues(config).map((q) => q.role))],
  poison: ['true', 'false'],
  status: ITEM_STATUSES.filter((s) => s !== 'queued'),
};

void describe('alerts query only the metrics the app emits', () => {
  void test('the alert rules are the five of docs/operations.md, each on its own query', () => {
    assert.ok(queries.size >= 5, 'one query per alert');
    for (const [name, kql] of queries) {
      assert.ok(kql.length > 0, `${name} is a literal KQL text`);
      assert.match(kql, /^\s*(let|AppMetrics)\b/, `${name} reads the app's metrics`);
    }
    const rules = topLevelItems(alerts.vars.get('rules') ?? '[]').map((item) => objectEntries(item));
    const names = rules.map((rule) =>
      evaluateString(
        alerts,
        `'${/^'(.*)'$/.exec(rule.get('name') ?? '')?.[1] ?? ''}'`.replace('${namePrefix}', 'app'),
      ),
    );
    assert.deepEqual(names, [
      'app-queue-backlog',
      'app-poison-messages',
      'app-failure-rate',
      'app-stalled',
      'app-no-measurements',
    ]);
    const used = rules.map((rule) => /(\w+Query)/.exec(rule.get('query') ?? '')?.[1]);
    assert.deepEqual([...used].sort(), [...queries.keys()].sort(), 'every query is used by exactly one rule');
    const docs = readText('docs/operations.md');
    for (const rule of rules) {
      const anchor = /docs\/operations\.md#([\w-]+)/.exec(rule.get('description') ?? '')?.[1] ?? '';
      const heading = docs
        .split('\n')
        .filter((line) => line.startsWith('## '))
        .map((line) =>
          line
            .slice(3)
            .toLowerCase()
            .replace(/[^\w\s-]/g, '')
            .replace(/\s+/g, '-'),
        );
      assert.ok(heading.includes(anchor), `docs/operations.md has a section #${anchor}`);
    }
  });

  void test('every metric name in the queries is an instrument of src/lib/telemetry/instruments.ts', () => {
    const named = [...queries.values()].flatMap(metricNamesIn);
    assert.ok(named.length > 0);
    for (const name of named)
      assert.ok(METRIC_NAMES.includes(name), `alerts.bicep queries ${name}, which the app never emits`);
    // Anything else that looks like a metric name (a typo with a different prefix) is caught too.
    for (const [query, kql] of queries) {
      for (const m of kql.matchAll(/Name (?:==|in) \(?("[^"]*"(?:, "[^"]*")*)\)?/g)) {
        for (const quoted of (m[1] ?? '').matchAll(/"([^"]*)"/g))
          assert.ok(METRIC_NAMES.includes(quoted[1] ?? ''), `${query}: ${quoted[1]} is not an app metric`);
      }
    }
  });

  void test('every attribute a query reads is one its metrics carry, with values the code sets', () => {
    for (const [query, kql] of queries) {
      const carried = new Set<string>(
        metricNamesIn(kql).flatMap((name) => specByName.get(name)?.attributes ?? []),
      );
      for (const m of kql.matchAll(/Properties\.(\w+)/g)) {
        assert.ok(
          carried.has(m[1] ?? ''),
          `${query} reads Properties.${m[1]}, which its metrics do not carry`,
        );
      }
      // tostring(Properties.x) == "v", and `extend x = tostring(Properties.x)` followed by x == / in (...)
      const compared = [
        ...kql.matchAll(/tostring\(Properties\.(\w+)\) == ("[^"]*")/g),
        ...kql.matchAll(/\b(status) (?:==|in) \(?((?:"[^"]*"(?:, )?)+)\)?/g),
      ];
      for (const m of compared) {
        const allowed = ATTRIBUTE_VALUES[m[1] ?? ''];
        for (const quoted of (m[2] ?? '').matchAll(/"([^"]*)"/g)) {
          const value = quoted[1] ?? '';
          if (allowed) assert.ok(allowed.includes(value), `${query}: ${m[1]} is never "${value}"`);
          else if (m[1] === 'error_code')
            assert.match(
              readText('src/lib/worker/failPoisonedItem.ts'),
              new RegExp(`'${value}'`),
              `${query}: error code ${value}`,
            );
          else assert.fail(`${query} compares ${m[1]}, which this test does not know`);
        }
      }
    }
  });

  void test('nothing reads Storage capacity metrics any more', () => {
    assert.doesNotMatch(alerts.text, /QueueMessageCount|AzureMetrics/);
    assert.deepEqual(
      resources(alerts)
        .map((r) => r.type)
        .sort(),
      ['Microsoft.Insights/actionGroups', 'Microsoft.Insights/scheduledQueryRules'],
    );
  });

  void test('the queue measurements the alerts rely on are taken each minute', () => {
    const timers = defineFunctions(() => {
      throw new Error('not called');
    }).filter((d) => d.kind === 'timer');
    assert.deepEqual(
      timers.map((t) => ({ name: t.name, everyMinutes: t.kind === 'timer' ? t.everyMinutes : undefined })),
      [{ name: 'measureQueues', everyMinutes: 1 }],
    );
    const main = parseBicep(readText('infra/bicep/main.bicep'));
    const params = objectEntries(modules(main).find((m) => m.symbol === 'alerts')?.params ?? '{}');
    assert.equal(params.get('backlogThreshold'), 'backlogAlertThreshold');
    // The planner holds the translation queue near high-water however big the jobs are (planJob, retryPage).
    const highWater = Number(
      /PLANNER_QUEUE_HIGH_WATER: '(\d+)'/.exec(varValue(main, 'appSettings'))?.[1] ?? Number.NaN,
    );
    const threshold = Number(main.params.get('backlogAlertThreshold')?.defaultValue);
    assert.ok(
      threshold < highWater,
      `the backlog alert's default (${threshold}) must be below PLANNER_QUEUE_HIGH_WATER (${highWater}) to ever fire`,
    );
    assert.deepEqual(
      [...params.keys()].filter((name) => !alerts.params.has(name)),
      [],
      'main.bicep passes only parameters alerts.bicep declares',
    );
  });
});
