// @ts-check
/**
 * The web page's behaviour, a classic browser script that page.ts inlines under the page's CSP nonce as it
 * is, with no build step: routing by `?job=`, the job list and submit form, back-off polling of a job's
 * status, the progress bar, failed files, cancel. Type-checked against the DOM by ./tsconfig.json.
 *
 * @typedef {{ code: string, message: string }} Problem
 * @typedef {{
 *   job_id: string, status: string, total_files: number, processed_files: number, succeeded_files: number,
 *   failed_files: number, cancelled_files: number, characters_charged: number, characters_saved?: number,
 *   source_container: string,
 *   target_container: string, target_languages: string[], source_language: string | null, prefix: string,
 *   planning_complete: boolean, cancel_requested: boolean, created_at: string, updated_at: string,
 *   completed_at: string | null, error: Problem | null, retry_round?: number, max_characters?: number | null,
 *   estimate?: Estimate | null
 * }} Job
 * @typedef {{ files: number, segments: number, characters: number, unmeasured_files: number, cost: number }} Totals
 * @typedef {{
 *   currency?: string, price_per_million_characters: number, by_language: Record<string, Totals>, total: Totals
 * }} Estimate
 * @typedef {{
 *   source_path: string, target_language: string, error: Problem | null,
 *   glossary_terms_found?: string[] | null, glossary_misses?: string[] | null, characters_charged?: number,
 *   segments?: number | null, segments_reused?: number | null, edits_kept?: number | null
 * }} JobFile
 * @typedef {{ error?: { message?: string, details?: unknown } } | null} ErrorBody
 */
(() => {
  'use strict';
  const base = location.pathname.replace(/\/ui\/?$/, '/');
  const TERMINAL = ['completed', 'completed_with_errors', 'failed', 'cancelled', 'estimated'];
  /** @param {string} id */
  const $ = (id) => {
    const element = document.getElementById(id);
    if (!element) throw new Error(`The page has no #${id}.`);
    return element;
  };
  /** @param {string} id */
  const input = (id) => /** @type {HTMLInputElement} */ ($(id));
  /** @param {string} id */
  const button = (id) => /** @type {HTMLButtonElement} */ ($(id));
  /** @param {unknown} error */
  const messageOf = (error) => (error instanceof Error ? error.message : String(error));
  const keyInput = input('function-key');
  keyInput.value = sessionStorage.getItem('batchTranslatorKey') || '';
  let timer = 0;
  let pollDelay = 1000;
  let lastSeen = '';
  let currentJob = '';

  /** @param {string} [message] */
  const showError = (message) => {
    $('error').textContent = message || '';
  };

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<unknown>}
   */
  async function api(method, path, body) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json' };
    const key = sessionStorage.getItem('batchTranslatorKey');
    if (key) headers['x-functions-key'] = key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new Error('Could not reach the service. Check your connection and try again.');
    }
    const text = await response.text();
    /** @type {unknown} */
    let data = null;
    try {
      data = text ? /** @type {unknown} */ (JSON.parse(text)) : null;
    } catch {
      data = null;
    }
    if (!response.ok) {
      if (response.status === 401 || response.status === 403)
        throw new Error('The service refused the request: enter a valid function key above.');
      const problem = /** @type {ErrorBody} */ (data)?.error;
      if (problem && problem.message) {
        const details = Array.isArray(problem.details)
          ? problem.details
              .map((/** @type {{ field: string, message: string }} */ d) => d.field + ' ' + d.message)
              .join('; ')
          : '';
        throw new Error(
          problem.message + (details && !problem.message.includes(details) ? ' (' + details + ')' : ''),
        );
      }
      throw new Error('The service answered ' + response.status + ' ' + response.statusText + '.');
    }
    return data;
  }

  /** @param {string | null} iso */
  const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString() : '\u2013');
  /** @param {number} n @param {number} total */
  const pct = (n, total) => (total > 0 ? (100 * n) / total : 0);

  /** @param {HTMLTableRowElement} row @param {string} text @param {string} [cls] */
  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  async function loadJobs() {
    try {
      const list = /** @type {{ jobs: Job[] }} */ (await api('GET', 'jobs?limit=25'));
      const body = $('jobs-body');
      body.replaceChildren();
      for (const job of list.jobs) {
        const row = document.createElement('tr');
        const link = document.createElement('a');
        link.href = '?job=' + encodeURIComponent(job.job_id);
        link.textContent =
          job.job_id.slice(0, 8) + '\u2026 ' + job.source_container + ' \u2192 ' + job.target_container;
        link.className = 'job-link';
        link.dataset.job = job.job_id;
        cell(row, '').appendChild(link);
        cell(row, job.status.replace(/_/g, ' '));
        cell(row, job.processed_files + ' / ' + job.total_files, 'num');
        cell(row, fmtTime(job.created_at));
        body.appendChild(row);
      }
      $('jobs-empty').hidden = list.jobs.length > 0;
      $('jobs-table').hidden = list.jobs.length === 0;
    } catch (error) {
      showError(messageOf(error));
    }
  }

  /** @param {Job} job */
  function renderJob(job) {
    $('job-id').textContent = job.job_id;
    const status = $('job-status');
    status.textContent = job.status.replace(/_/g, ' ');
    status.className = 'status ' + job.status;
    const total = job.total_files;
    const widths = {
      succeeded: pct(job.succeeded_files, total),
      failed: pct(job.failed_files, total),
      cancelled: pct(job.cancelled_files, total),
    };
    for (const [k, width] of Object.entries(widths)) $('bar-' + k).style.width = width + '%';
    const done =
      total > 0 ? Math.round(pct(job.processed_files, total)) : TERMINAL.includes(job.status) ? 100 : 0;
    const bar = $('progress');
    bar.setAttribute('aria-valuenow', String(done));
    bar.setAttribute(
      'aria-valuetext',
      job.processed_files + ' of ' + total + ' files processed (' + done + '%)',
    );
    $('count-succeeded').textContent = String(job.succeeded_files);
    $('count-failed').textContent = String(job.failed_files);
    $('count-cancelled').textContent = String(job.cancelled_files);
    $('count-processed').textContent = String(job.processed_files);
    $('count-total').textContent = String(total);
    $('planning-note').textContent = job.planning_complete ? '' : ' (still listing files)';
    $('characters').textContent = job.characters_charged.toLocaleString();
    $('characters-saved').textContent = (job.characters_saved || 0).toLocaleString();
    $('max-characters-desc').textContent = job.max_characters
      ? job.max_characters.toLocaleString()
      : '\u2013';
    $('job-estimate').textContent = job.estimate ? estimateSummary(job.estimate) : '\u2013';
    $('source-desc').textContent =
      job.source_container +
      (job.prefix ? '/' + job.prefix : '') +
      (job.source_language ? ' (' + job.source_language + ')' : '');
    $('target-desc').textContent = job.target_container + ' \u2192 ' + job.target_languages.join(', ');
    $('created-at').textContent = fmtTime(job.created_at);
    $('updated-at').textContent = fmtTime(job.updated_at);
    $('completed-at').textContent = fmtTime(job.completed_at);
    $('job-error').textContent = job.error ? job.error.code + ': ' + job.error.message : '\u2013';
    const terminal = TERMINAL.includes(job.status);
    const cancel = button('cancel-button');
    cancel.hidden = terminal;
    cancel.disabled = job.cancel_requested;
    if (job.cancel_requested && !terminal) cancel.textContent = 'Cancelling\u2026';
    $('retry-round').textContent = String(job.retry_round || 0);
    const retry = button('retry-button');
    retry.hidden = !terminal || job.failed_files === 0;
    retry.disabled = false;
  }

  /**
   * Up to 1,000 of a job's files with `status`.
   * @param {string} jobId @param {string} status
   * @returns {Promise<JobFile[]>}
   */
  async function listFiles(jobId, status) {
    /** @type {JobFile[]} */
    const files = [];
    /** @type {string | null} */
    let continuation = null;
    do {
      const page = /** @type {{ files: JobFile[], continuation: string | null }} */ (
        await api(
          'GET',
          'jobs/' +
            encodeURIComponent(jobId) +
            '/files?status=' +
            status +
            '&limit=200' +
            (continuation ? '&continuation=' + encodeURIComponent(continuation) : ''),
        )
      );
      files.push(...page.files);
      continuation = page.continuation;
    } while (continuation && files.length < 1000);
    return files;
  }

  /** What the succeeded files report: glossary misses and the segment memory's reuse. @param {string} jobId */
  async function loadSucceeded(jobId) {
    const succeeded = await listFiles(jobId, 'succeeded');
    renderMisses(succeeded);
    renderMemory(succeeded);
  }

  /** Files translated segment by segment: how many segments the memory answered and edits it kept. @param {JobFile[]} succeeded */
  function renderMemory(succeeded) {
    const files = succeeded.filter((f) => typeof f.segments === 'number');
    const body = $('memory-body');
    body.replaceChildren();
    for (const f of files) {
      const row = document.createElement('tr');
      cell(row, f.source_path, 'mono');
      cell(row, f.target_language);
      cell(row, String(f.segments), 'num');
      cell(row, String(f.segments_reused || 0), 'num');
      cell(row, String(f.edits_kept || 0), 'num');
      cell(row, (f.characters_charged || 0).toLocaleString(), 'num');
      body.appendChild(row);
    }
    $('memory-table').hidden = files.length === 0;
    $('memory-empty').hidden = files.length > 0;
  }

  /** Files whose output lacks a glossary term's required translation: what a reviewer should look at. @param {JobFile[]} succeeded */
  function renderMisses(succeeded) {
    const files = succeeded.filter((f) => f.glossary_misses && f.glossary_misses.length > 0);
    const body = $('misses-body');
    body.replaceChildren();
    for (const f of files) {
      const row = document.createElement('tr');
      cell(row, f.source_path, 'mono');
      cell(row, f.target_language);
      cell(row, (f.glossary_misses || []).join(', '));
      cell(row, (f.glossary_terms_found || []).join(', '));
      body.appendChild(row);
    }
    $('misses-table').hidden = files.length === 0;
    $('misses-empty').hidden = files.length > 0;
  }

  /** @param {string} jobId */
  async function loadFailed(jobId) {
    const files = await listFiles(jobId, 'failed');
    const body = $('failed-body');
    body.replaceChildren();
    for (const f of files) {
      const row = document.createElement('tr');
      cell(row, f.source_path, 'mono');
      cell(row, f.target_language);
      cell(row, f.error ? f.error.code : '', 'mono');
      cell(row, f.error ? f.error.message : '');
      body.appendChild(row);
    }
    $('failed-table').hidden = files.length === 0;
    $('failed-empty').hidden = files.length > 0;
  }

  /** @param {string} jobId */
  async function poll(jobId) {
    if (jobId !== currentJob) return;
    try {
      const job = /** @type {Job} */ (await api('GET', 'jobs/' + encodeURIComponent(jobId)));
      if (jobId !== currentJob) return;
      showError('');
      renderJob(job);
      const seen = JSON.stringify([job.status, job.processed_files, job.total_files, job.cancel_requested]);
      const changed = seen !== lastSeen;
      lastSeen = seen;
      if (changed && job.failed_files > 0) await loadFailed(jobId);
      if (TERMINAL.includes(job.status)) {
        $('poll-note').textContent = '';
        await loadFailed(jobId);
        await loadSucceeded(jobId);
        return;
      }
      pollDelay = changed ? 1000 : Math.min(pollDelay * 2, 10000);
    } catch (error) {
      showError(messageOf(error));
      pollDelay = Math.min(pollDelay * 2, 10000);
    }
    $('poll-note').textContent = '(refreshing every ' + Math.round(pollDelay / 1000) + ' s)';
    timer = setTimeout(() => void poll(jobId), pollDelay);
  }

  function route() {
    clearTimeout(timer);
    showError('');
    const jobId = new URLSearchParams(location.search).get('job');
    currentJob = jobId || '';
    $('list-view').hidden = Boolean(jobId);
    $('job-view').hidden = !jobId;
    if (jobId) {
      lastSeen = '';
      pollDelay = 1000;
      $('job-id').textContent = jobId;
      $('job-status').textContent = 'loading';
      $('cancel-button').textContent = 'Cancel job';
      $('failed-body').replaceChildren();
      $('failed-table').hidden = true;
      $('failed-empty').hidden = false;
      $('misses-body').replaceChildren();
      $('misses-table').hidden = true;
      $('misses-empty').hidden = false;
      $('memory-body').replaceChildren();
      $('memory-table').hidden = true;
      $('memory-empty').hidden = false;
      document.title = 'Job ' + jobId.slice(0, 8) + ' \u2013 Batch translator';
      void poll(jobId);
      $('job-heading').setAttribute('tabindex', '-1');
    } else {
      document.title = 'Batch translator';
      void loadJobs();
    }
  }

  /** @param {string} search */
  function go(search) {
    history.pushState(null, '', location.pathname + search);
    route();
  }

  /** @param {Estimate} estimate */
  function estimateSummary(estimate) {
    const money = estimate.total.cost.toFixed(4) + (estimate.currency ? ' ' + estimate.currency : '');
    return estimate.total.characters.toLocaleString() + ' characters, ' + money;
  }

  /**
   * The form as a job request.
   * @returns {{ source_container: string, target_container: string, target_languages: string[], prefix?: string, mark_as_draft?: boolean, max_characters?: number | string, dry_run?: boolean }}
   */
  function formRequest() {
    const languages = input('languages')
      .value.split(/[\s,]+/)
      .filter(Boolean);
    /** @type {ReturnType<typeof formRequest>} */
    const request = {
      source_container: input('source').value.trim(),
      target_container: input('target').value.trim(),
      target_languages: languages,
    };
    const prefix = input('prefix').value.trim();
    if (prefix) request.prefix = prefix;
    if (input('draft').checked) request.mark_as_draft = true;
    const max = input('max-characters')
      .value.trim()
      .replace(/[\s,_]/g, '');
    // Sent as typed when it is not a whole number, so the API's answer names the problem.
    if (max) request.max_characters = /^\d+$/.test(max) ? Number(max) : max;
    return request;
  }

  /** @param {Estimate} estimate */
  function renderEstimate(estimate) {
    const body = $('estimate-body');
    body.replaceChildren();
    /** @param {string} name @param {Totals} t */
    const addRow = (name, t) => {
      const row = document.createElement('tr');
      cell(row, name);
      cell(row, t.files.toLocaleString(), 'num');
      cell(row, t.segments.toLocaleString(), 'num');
      cell(row, t.characters.toLocaleString(), 'num');
      cell(row, t.cost.toFixed(4), 'num');
      body.appendChild(row);
    };
    for (const [language, totals] of Object.entries(estimate.by_language)) addRow(language, totals);
    addRow('Total', estimate.total);
    $('estimate-cost-heading').textContent =
      'Cost' + (estimate.currency ? ' (' + estimate.currency + ')' : '');
    $('estimate-table').hidden = false;
  }

  /** A dry run of the form's job, polled until it ends, shown before anything is translated. */
  async function estimateJob() {
    const estimateButton = button('estimate-button');
    estimateButton.disabled = true;
    showError('');
    $('estimate-panel').hidden = false;
    $('estimate-table').hidden = true;
    const note = $('estimate-note');
    note.textContent = 'Estimating\u2026';
    try {
      let job = /** @type {Job} */ (await api('POST', 'jobs', { ...formRequest(), dry_run: true }));
      let wait = 500;
      while (!TERMINAL.includes(job.status)) {
        note.textContent =
          'Estimating\u2026 ' + job.processed_files + ' of ' + job.total_files + ' files read';
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 2, 4000);
        job = /** @type {Job} */ (await api('GET', 'jobs/' + encodeURIComponent(job.job_id)));
      }
      if (job.estimate) {
        renderEstimate(job.estimate);
        const failed = job.failed_files > 0 ? ' ' + job.failed_files + ' files cannot be translated.' : '';
        const unmeasured = job.estimate.total.unmeasured_files;
        note.textContent =
          'At ' +
          job.estimate.price_per_million_characters +
          ' per million characters.' +
          failed +
          (unmeasured > 0 ? ' ' + unmeasured + ' whole documents are metered only when translated.' : '');
      } else {
        note.textContent = 'No estimate: ' + (job.error ? job.error.message : job.status.replace(/_/g, ' '));
      }
    } catch (error) {
      note.textContent = '';
      $('estimate-panel').hidden = true;
      showError(messageOf(error));
    } finally {
      estimateButton.disabled = false;
    }
  }

  /** @param {SubmitEvent} event */
  async function submitJob(event) {
    event.preventDefault();
    const request = formRequest();
    const submit = button('submit-button');
    submit.disabled = true;
    try {
      const job = /** @type {Job} */ (await api('POST', 'jobs', request));
      go('?job=' + encodeURIComponent(job.job_id));
      $('job-heading').focus();
    } catch (error) {
      showError(messageOf(error));
    } finally {
      submit.disabled = false;
    }
  }

  async function cancelJob() {
    const cancel = button('cancel-button');
    cancel.disabled = true;
    try {
      const job = /** @type {Job} */ (await api('DELETE', 'jobs/' + encodeURIComponent(currentJob)));
      renderJob(job);
      lastSeen = '';
      clearTimeout(timer);
      pollDelay = 1000;
      void poll(currentJob);
    } catch (error) {
      showError(messageOf(error));
      cancel.disabled = false;
    }
  }

  /** Re-runs the job's failed files as a new round, then follows the job again. */
  async function retryJob() {
    const retry = button('retry-button');
    retry.disabled = true;
    try {
      const job = /** @type {Job} */ (
        await api('POST', 'jobs/' + encodeURIComponent(currentJob) + '/retry', {})
      );
      renderJob(job);
      lastSeen = '';
      clearTimeout(timer);
      pollDelay = 1000;
      void poll(currentJob);
    } catch (error) {
      showError(messageOf(error));
      retry.disabled = false;
    }
  }

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="?"]') : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const href = link.getAttribute('href') ?? '';
    go(href === '?' ? '' : href);
    if (!$('job-view').hidden) $('job-heading').focus();
  });
  window.addEventListener('popstate', route);
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    if (key) sessionStorage.setItem('batchTranslatorKey', key);
    else sessionStorage.removeItem('batchTranslatorKey');
    route();
  });
  $('refresh-jobs').addEventListener('click', () => void loadJobs());
  $('job-form').addEventListener('submit', (event) => void submitJob(event));
  $('estimate-button').addEventListener('click', () => void estimateJob());
  $('cancel-button').addEventListener('click', () => void cancelJob());
  $('retry-button').addEventListener('click', () => void retryJob());
  route();
})();
