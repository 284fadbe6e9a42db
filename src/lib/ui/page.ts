/**
 * The web page (GET /api/ui): one self-contained HTML document, inline CSS and vanilla JavaScript, no build.
 * It holds no data; it calls the job API from the browser, with a function key the user pastes (kept in
 * sessionStorage, sent as x-functions-key). The inline script runs under a CSP nonce chosen per response.
 */

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
        <div class="actions"><button type="submit" id="submit-button">Submit job</button></div>
      </form>
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
      <dt>Source</dt><dd id="source-desc"></dd>
      <dt>Target</dt><dd id="target-desc"></dd>
      <dt>Created</dt><dd id="created-at"></dd>
      <dt>Updated</dt><dd id="updated-at"></dd>
      <dt>Completed</dt><dd id="completed-at">&ndash;</dd>
      <dt>Job error</dt><dd id="job-error">&ndash;</dd>
    </dl>
    <div class="actions"><button type="button" id="cancel-button" class="danger">Cancel job</button></div>
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
  </div>
</main>
`;

const SCRIPT = `
(() => {
  'use strict';
  const base = location.pathname.replace(/\\/ui\\/?$/, '/');
  const TERMINAL = ['completed', 'completed_with_errors', 'failed', 'cancelled'];
  const $ = (id) => document.getElementById(id);
  const keyInput = $('function-key');
  keyInput.value = sessionStorage.getItem('batchTranslatorKey') || '';
  let timer = 0; let pollDelay = 1000; let lastSeen = ''; let currentJob = '';

  const showError = (message) => { $('error').textContent = message || ''; };

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const key = sessionStorage.getItem('batchTranslatorKey');
    if (key) headers['x-functions-key'] = key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new Error('Could not reach the service. Check your connection and try again.');
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
    if (!response.ok) {
      if (response.status === 401 || response.status === 403) throw new Error('The service refused the request: enter a valid function key above.');
      const problem = data && data.error;
      if (problem && problem.message) {
        const details = Array.isArray(problem.details) ? problem.details.map((d) => d.field + ' ' + d.message).join('; ') : '';
        throw new Error(problem.message + (details && !problem.message.includes(details) ? ' (' + details + ')' : ''));
      }
      throw new Error('The service answered ' + response.status + ' ' + response.statusText + '.');
    }
    return data;
  }

  const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString() : '\\u2013');
  const pct = (n, total) => (total > 0 ? (100 * n) / total : 0);

  function cell(row, text, cls) { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; row.appendChild(td); return td; }

  async function loadJobs() {
    try {
      const list = await api('GET', 'jobs?limit=25');
      const body = $('jobs-body'); body.replaceChildren();
      for (const job of list.jobs) {
        const row = document.createElement('tr');
        const link = document.createElement('a');
        link.href = '?job=' + encodeURIComponent(job.job_id); link.textContent = job.job_id.slice(0, 8) + '\\u2026 ' + job.source_container + ' \\u2192 ' + job.target_container;
        link.className = 'job-link'; link.dataset.job = job.job_id;
        cell(row, '').appendChild(link);
        cell(row, job.status.replace(/_/g, ' '));
        cell(row, job.processed_files + ' / ' + job.total_files, 'num');
        cell(row, fmtTime(job.created_at));
        body.appendChild(row);
      }
      $('jobs-empty').hidden = list.jobs.length > 0;
      $('jobs-table').hidden = list.jobs.length === 0;
    } catch (error) { showError(error.message); }
  }

  function renderJob(job) {
    $('job-id').textContent = job.job_id;
    const status = $('job-status'); status.textContent = job.status.replace(/_/g, ' '); status.className = 'status ' + job.status;
    const total = job.total_files;
    const widths = { succeeded: pct(job.succeeded_files, total), failed: pct(job.failed_files, total), cancelled: pct(job.cancelled_files, total) };
    for (const k of Object.keys(widths)) $('bar-' + k).style.width = widths[k] + '%';
    const done = total > 0 ? Math.round(pct(job.processed_files, total)) : (TERMINAL.includes(job.status) ? 100 : 0);
    const bar = $('progress'); bar.setAttribute('aria-valuenow', String(done)); bar.setAttribute('aria-valuetext', job.processed_files + ' of ' + total + ' files processed (' + done + '%)');
    $('count-succeeded').textContent = job.succeeded_files; $('count-failed').textContent = job.failed_files; $('count-cancelled').textContent = job.cancelled_files;
    $('count-processed').textContent = job.processed_files; $('count-total').textContent = total;
    $('planning-note').textContent = job.planning_complete ? '' : ' (still listing files)';
    $('characters').textContent = job.characters_charged.toLocaleString();
    $('source-desc').textContent = job.source_container + (job.prefix ? '/' + job.prefix : '') + (job.source_language ? ' (' + job.source_language + ')' : '');
    $('target-desc').textContent = job.target_container + ' \\u2192 ' + job.target_languages.join(', ');
    $('created-at').textContent = fmtTime(job.created_at); $('updated-at').textContent = fmtTime(job.updated_at); $('completed-at').textContent = fmtTime(job.completed_at);
    $('job-error').textContent = job.error ? job.error.code + ': ' + job.error.message : '\\u2013';
    const terminal = TERMINAL.includes(job.status);
    $('cancel-button').hidden = terminal; $('cancel-button').disabled = job.cancel_requested;
    if (job.cancel_requested && !terminal) $('cancel-button').textContent = 'Cancelling\\u2026';
  }

  async function loadFailed(jobId) {
    const files = [];
    let continuation = null;
    do {
      const page = await api('GET', 'jobs/' + encodeURIComponent(jobId) + '/files?status=failed&limit=200' + (continuation ? '&continuation=' + encodeURIComponent(continuation) : ''));
      files.push(...page.files); continuation = page.continuation;
    } while (continuation && files.length < 1000);
    const body = $('failed-body'); body.replaceChildren();
    for (const f of files) {
      const row = document.createElement('tr');
      cell(row, f.source_path, 'mono'); cell(row, f.target_language); cell(row, f.error ? f.error.code : '', 'mono'); cell(row, f.error ? f.error.message : '');
      body.appendChild(row);
    }
    $('failed-table').hidden = files.length === 0; $('failed-empty').hidden = files.length > 0;
  }

  async function poll(jobId) {
    if (jobId !== currentJob) return;
    try {
      const job = await api('GET', 'jobs/' + encodeURIComponent(jobId));
      if (jobId !== currentJob) return;
      showError('');
      renderJob(job);
      const seen = JSON.stringify([job.status, job.processed_files, job.total_files, job.cancel_requested]);
      const changed = seen !== lastSeen; lastSeen = seen;
      if (changed && job.failed_files > 0) await loadFailed(jobId);
      if (TERMINAL.includes(job.status)) { $('poll-note').textContent = ''; await loadFailed(jobId); return; }
      pollDelay = changed ? 1000 : Math.min(pollDelay * 2, 10000);
    } catch (error) {
      showError(error.message);
      pollDelay = Math.min(pollDelay * 2, 10000);
    }
    $('poll-note').textContent = '(refreshing every ' + Math.round(pollDelay / 1000) + ' s)';
    timer = setTimeout(() => poll(jobId), pollDelay);
  }

  function route() {
    clearTimeout(timer); showError('');
    const jobId = new URLSearchParams(location.search).get('job');
    currentJob = jobId || '';
    $('list-view').hidden = Boolean(jobId); $('job-view').hidden = !jobId;
    if (jobId) {
      lastSeen = ''; pollDelay = 1000;
      $('job-id').textContent = jobId; $('job-status').textContent = 'loading'; $('cancel-button').textContent = 'Cancel job';
      $('failed-body').replaceChildren(); $('failed-table').hidden = true; $('failed-empty').hidden = false;
      document.title = 'Job ' + jobId.slice(0, 8) + ' \\u2013 Batch translator';
      poll(jobId);
      $('job-heading').setAttribute('tabindex', '-1');
    } else {
      document.title = 'Batch translator';
      loadJobs();
    }
  }

  function go(search) { history.pushState(null, '', location.pathname + search); route(); }

  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="?"]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault(); go(link.getAttribute('href') === '?' ? '' : link.getAttribute('href'));
    if (!$('job-view').hidden) $('job-heading').focus();
  });
  window.addEventListener('popstate', route);
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    if (key) sessionStorage.setItem('batchTranslatorKey', key); else sessionStorage.removeItem('batchTranslatorKey');
    route();
  });
  $('refresh-jobs').addEventListener('click', loadJobs);
  $('job-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const languages = $('languages').value.split(/[\\s,]+/).filter(Boolean);
    const request = { source_container: $('source').value.trim(), target_container: $('target').value.trim(), target_languages: languages };
    const prefix = $('prefix').value.trim(); if (prefix) request.prefix = prefix;
    const button = $('submit-button'); button.disabled = true;
    try {
      const job = await api('POST', 'jobs', request);
      go('?job=' + encodeURIComponent(job.job_id));
      $('job-heading').focus();
    } catch (error) { showError(error.message); }
    finally { button.disabled = false; }
  });
  $('cancel-button').addEventListener('click', async () => {
    const button = $('cancel-button'); button.disabled = true;
    try {
      const job = await api('DELETE', 'jobs/' + encodeURIComponent(currentJob));
      renderJob(job); lastSeen = ''; clearTimeout(timer); pollDelay = 1000; poll(currentJob);
    } catch (error) { showError(error.message); button.disabled = false; }
  });
  route();
})();
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
