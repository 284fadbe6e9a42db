/**
 * The web page's behaviour, inlined into the page under its CSP nonce (see page.ts): routing by `?job=`,
 * the job list and submit form, back-off polling of a job's status, the progress bar, failed files, cancel.
 */
export const PAGE_SCRIPT = `
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
