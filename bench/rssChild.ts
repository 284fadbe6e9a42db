/**
 * Run by bench/rss.ts under `/usr/bin/time -v`: translates one blob through translateItem (the worker's
 * read → segment → translate → write) in a fresh process, so the process's peak RSS is that item's.
 * With `baseline`, it loads the same modules and touches storage once without translating.
 */
import { loadConfig } from '../src/lib/config.js';
import { createServices } from '../src/lib/services.js';
import { translateItem } from '../src/lib/worker/translateItem.js';
import { itemKeyOf } from '../src/lib/tracker/keys.js';
import { NO_TERMS } from '../src/lib/glossary/applyTerms.js';

const [mode = 'translate', container = '', path = '', sizeText = '0'] = process.argv.slice(2);
const services = createServices(loadConfig());
const started = Date.now();
if (mode === 'baseline') {
  await services.storage.blobs.getContainerClient(container).getProperties();
} else {
  await translateItem(
    services,
    {
      kind: 'translate',
      job_id: '00000000-0000-4000-8000-000000000000',
      item_key: itemKeyOf(0, path, 'es'),
      source_container: container,
      source_path: path,
      target_container: `${container}-out`,
      target_path: `es/${path}`,
      target_language: 'es',
      size: Number(sizeText),
    },
    NO_TERMS,
  );
}
console.log(
  JSON.stringify({ mode, seconds: (Date.now() - started) / 1000, maxRssKiB: process.resourceUsage().maxRSS }),
);
