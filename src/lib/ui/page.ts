/**
 * The web page (GET /api/ui): one self-contained HTML document, inline CSS and vanilla JavaScript, no build.
 * It holds no data; it calls the job API from the browser, with a function key the user pastes (kept in
 * sessionStorage, sent as x-functions-key). The inline script runs under a CSP nonce chosen per response.
 */

import { readFileSync } from 'node:fs';

/**
 * The script is a real file so that ESLint and TypeScript check it as browser code (browser/tsconfig.json).
 * It sits next to this module in src/ (tsx) and in dist/ (`npm run build` copies it there); read once, at
 * load, so a missing copy fails the app's start rather than one page view.
 */
const SCRIPT = readFileSync(new URL('./browser/pageScript.js', import.meta.url), 'utf8');
if (/<\/script/i.test(SCRIPT)) throw new Error('pageScript.js must not contain "</script": it is inlined.');

const STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --off: #8c959f; --accent: #0969da;
  --bg: Canvas; --fg: CanvasText; --muted: #6e7781; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
header, main { max-width: 60rem; margin: 0 auto; padding: 0.75rem 1rem; }
header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.3rem; margin: 0; } h1 a { color: inherit; text-decoration: none; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
section { margin-bottom: 1.5rem; }
label { display: block; font-weight: 600; margin-bottom: 0.15rem; }
.hint { color: var(--muted); font-size: 0.85rem; font-weight: normal; }
input { font: inherit; width: 100%; padding: 0.45rem 0.6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
.fields { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; }
.spaced { margin-top: 0.75rem; } h2.inline { margin: 0; }
.fields > div { flex: 1 1 14rem; min-width: 0; }
button { font: inherit; padding: 0.45rem 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: transparent; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button:disabled { opacity: 0.5; cursor: not-allowed; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #fb8c00; outline-offset: 2px; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.75rem; align-items: center; }
.key { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; }
.key > div { flex: 1 1 16rem; }
.error { border: 1px solid var(--bad); color: var(--bad); border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0.75rem 0; }
.error:empty { display: none; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.bar { display: flex; height: 1.4rem; border-radius: 6px; overflow: hidden; background: color-mix(in srgb, var(--off) 25%, transparent); border: 1px solid var(--line); }
.bar > span { display: block; height: 100%; transition: width 0.3s; }
.bar .succeeded { background: var(--ok); } .bar .failed { background: var(--bad); } .bar .cancelled { background: var(--off); }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.4rem 0; font-size: 0.95rem; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; margin-right: 0.3rem; vertical-align: -1px; }
.swatch.succeeded { background: var(--ok); } .swatch.failed { background: var(--bad); } .swatch.cancelled { background: var(--off); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }
dt { font-weight: 600; } dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.status { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; border: 1px solid var(--line); font-weight: 600; }
.status.completed { color: var(--ok); border-color: var(--ok); } .status.failed, .status.completed_with_errors { color: var(--bad); border-color: var(--bad); }
[hidden] { display: none !important; }
.check { display: flex; gap: 0.5rem; align-items: baseline; font-weight: normal; }
.check input { width: auto; }
@media (max-width: 30rem) { dl { grid-template-columns: 1fr; } dt { margin-top: 0.3rem; } }
`;

const BODY = `
<header>
  <h1><a href="?" id="home-link">Batch translator</a></h1>
  <form id="key-form" class="key" autocomplete="off">
    <div>
      <label for="function-key">Function key <span class="hint">(not needed with the local runtime; kept for this tab only)</span></label>
      <input id="function-key" type="password" spellcheck="false">
    </div>
    <button type="submit" class="secondary">Use key</button>
  </form>
</header>
<main>
  <div id="error" class="error" role="alert" aria-live="assertive"></div>
  <div id="list-view">
    <section aria-labelledby="submit-heading">
      <h2 id="submit-heading">Submit a job</h2>
      <form id="job-form" novalidate>
        <div class="fields">
          <div><label for="source">Source container</label><input id="source" name="source" required autocomplete="off" spellcheck="false"></div>
          <div><label for="target">Target container</label><input id="target" name="target" required autocomplete="off" spellcheck="false"></div>
        </div>
        <div class="fields spaced">
          <div><label for="languages">Target languages <span class="hint">(comma-separated, e.g. fr, de, pt-BR)</span></label><input id="languages" name="languages" required autocomplete="off" spellcheck="false"></div>
          <div><label for="prefix">Prefix <span class="hint">(optional, e.g. docs/)</span></label><input id="prefix" name="prefix" autocomplete="off" spellcheck="false"></div>
        </div>
        <div class="spaced"><label class="check" for="draft"><input id="draft" name="draft" type="checkbox"> Mark translations as drafts for review <span class="hint">(PO entries fuzzy, XLIFF targets needing review)</span></label></div>
        <div class="fields spaced">
          <div><label for="max-characters">Max characters <span class="hint">(optional: never charge more)</span></label><input id="max-characters" name="max-characters" inputmode="numeric" autocomplete="off"></div>
        </div>
        <div class="actions"><button type="button" id="estimate-button" class="secondary">Estimate</button><button type="submit" id="submit-button">Submit job</button></div>
      </form>
      <div id="estimate-panel" hidden>
        <h3 id="estimate-heading">Estimate</h3>
        <p id="estimate-note" aria-live="polite"></p>
        <div class="table-wrap">
          <table id="estimate-table" aria-labelledby="estimate-heading" hidden>
            <thead><tr><th scope="col">Language</th><th scope="col" class="num">Files</th><th scope="col" class="num">Segments</th><th scope="col" class="num">Characters</th><th scope="col" class="num" id="estimate-cost-heading">Cost</th></tr></thead>
            <tbody id="estimate-body"></tbody>
          </table>
        </div>
      </div>
    </section>
    <section aria-labelledby="jobs-heading">
      <div class="actions"><h2 id="jobs-heading" class="inline">Jobs</h2><button type="button" id="refresh-jobs" class="secondary">Refresh</button></div>
      <div class="table-wrap">
        <table id="jobs-table">
          <thead><tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col" class="num">Processed</th><th scope="col">Created</th></tr></thead>
          <tbody id="jobs-body"></tbody>
        </table>
      </div>
      <p id="jobs-empty" hidden>No jobs yet.</p>
    </section>
  </div>
  <div id="job-view" hidden>
    <p><a href="?" id="back-link">&larr; All jobs</a></p>
    <h2 id="job-heading">Job <span class="mono" id="job-id"></span></h2>
    <p aria-live="polite" id="job-status-line">Status: <span id="job-status" class="status">loading</span> <span id="poll-note" class="hint"></span></p>
    <div class="bar" id="progress" role="progressbar" aria-labelledby="job-heading" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0">
      <span class="succeeded" id="bar-succeeded"></span><span class="failed" id="bar-failed"></span><span class="cancelled" id="bar-cancelled"></span>
    </div>
    <div class="legend">
      <span><span class="swatch succeeded"></span>Succeeded <strong id="count-succeeded">0</strong></span>
      <span><span class="swatch failed"></span>Failed <strong id="count-failed">0</strong></span>
      <span><span class="swatch cancelled"></span>Cancelled <strong id="count-cancelled">0</strong></span>
      <span>Processed <strong id="count-processed">0</strong> of <strong id="count-total">0</strong><span id="planning-note" class="hint"></span></span>
    </div>
    <dl>
      <dt>Characters charged</dt><dd id="characters">0</dd>
      <dt>Saved by the segment memory</dt><dd id="characters-saved">0</dd>
      <dt>Max characters</dt><dd id="max-characters-desc">&ndash;</dd>
      <dt>Estimate</dt><dd id="job-estimate">&ndash;</dd>
      <dt>Source</dt><dd id="source-desc"></dd>
      <dt>Target</dt><dd id="target-desc"></dd>
      <dt>Created</dt><dd id="created-at"></dd>
      <dt>Updated</dt><dd id="updated-at"></dd>
      <dt>Completed</dt><dd id="completed-at">&ndash;</dd>
      <dt>Job error</dt><dd id="job-error">&ndash;</dd>
      <dt>Retries</dt><dd id="retry-round">0</dd>
    </dl>
    <div class="actions"><button type="button" id="cancel-button" class="danger">Cancel job</button><button type="button" id="retry-button" hidden>Retry failed files</button></div>
    <section aria-labelledby="failed-heading">
      <h2 id="failed-heading">Failed files</h2>
      <p id="failed-empty">No failed files.</p>
      <div class="table-wrap">
        <table id="failed-table" hidden>
          <thead><tr><th scope="col">File</th><th scope="col">Language</th><th scope="col">Error code</th><th scope="col">Message</th></tr></thead>
          <tbody id="failed-body"></tbody>
        </table>
      </div>
    </section>
    <section aria-labelledby="misses-heading">
      <h2 id="misses-heading">Glossary misses <span class="hint">(terms whose required translation is not in the output)</span></h2>
      <p id="misses-empty">No glossary misses.</p>
      <div class="table-wrap">
        <table id="misses-table" hidden>
          <thead><tr><th scope="col">File</th><th scope="col">Language</th><th scope="col">Missed terms</th><th scope="col">Terms found</th></tr></thead>
          <tbody id="misses-body"></tbody>
        </table>
      </div>
    </section>
    <section aria-labelledby="memory-heading">
      <h2 id="memory-heading">Segment memory <span class="hint">(segments reused from earlier runs at no charge, and reviewers' edits kept)</span></h2>
      <p id="memory-empty">No file was translated segment by segment.</p>
      <div class="table-wrap">
        <table id="memory-table" hidden>
          <thead><tr><th scope="col">File</th><th scope="col">Language</th><th scope="col" class="num">Segments</th><th scope="col" class="num">Reused</th><th scope="col" class="num">Edits kept</th><th scope="col" class="num">Characters charged</th></tr></thead>
          <tbody id="memory-body"></tbody>
        </table>
      </div>
    </section>
  </div>
</main>
`;

/** The page, its inline script allowed by `nonce` (see uiContentSecurityPolicy). */
export function renderUiPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Batch translator</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>${BODY}<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

/** Only this page's own nonce'd script and style, API calls to the same origin, nothing else. */
export function uiContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
