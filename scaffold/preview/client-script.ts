import { createHash } from 'node:crypto';
import { pageErrorRoute, pageErrorsPerPage } from './page-errors.ts';

/** The meta tag that names the task state a page shows: pages write it, the client script reads it. */
export const stateMeta = 'gtkit-state';

/**
 * The script every preview page loads (served as /__gtkit/client.js). Plain ES2020 in a
 * string: it runs in the browser, next to the template, and touches only #gtkit-… elements.
 *
 * - Live reload: an EventSource on /__gtkit/events (one per browser, shared by its tabs);
 *   a page whose task state (meta gtkit-state) is not the one the stream names reloads.
 * - Worker id: from ?worker=, else the last one used (localStorage), else the server's default.
 * - Stand-ins: `gtkit:submit` from crowd-form / crowd-entity-annotation is taken over
 *   (preventDefault) and its `answer` posted as JSON to /__gtkit/answers.
 * - Amazon's elements: every crowd-form (and its inner form, whenever it appears) gets the
 *   capture URL as action, so its `taskAnswers` post lands in /__gtkit/capture, which redirects
 *   back here with ?stored=1.
 * Both name the data the page shows (its sourceDigest), so that a page loaded before a manifest
 * edit stores its answer for that data, wherever it is now, and says so.
 * Both show the stored answers for the item and fire `gtkit:stored` on the document.
 * - Script errors of the page (kept by page-errors.ts's catcher in the head): each is shown in a
 *   warning banner above the task and posted to /__gtkit/page-error, which answers with its place
 *   in the template and writes it to the preview's terminal output.
 */
export const clientScript = `(() => {
  'use strict';
  // Live reload over one event stream per browser: a browser opens at most six connections to
  // a host, so one stream per tab would stall the seventh tab. The tab holding the lock listens
  // and tells the others over a BroadcastChannel; when it closes, another tab takes over.
  // Every page names the task state it shows (meta gtkit-state); the stream names the state the
  // preview serves, on connecting (hello) and on every change (reload). A page whose state is
  // not the one served reloads: also one rendered just before a change it subscribed after.
  const meta = document.head && document.head.querySelector('meta[name="${stateMeta}"]');
  const shown = meta ? meta.getAttribute('content') : null;
  const reload = () => location.reload();
  const onHello = (state) => { if (shown !== null && typeof state === 'string' && state !== shown) reload(); };
  const onChange = (state) => { if (shown === null || state !== shown) reload(); };
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel('gtkit-preview-' + location.port) : null;
  let served = null; // the state the preview serves, known to the tab that listens
  if (channel) channel.onmessage = (m) => {
    const d = m.data || {};
    if (d.kind === 'restart') reload();
    else if (d.kind === 'reload') onChange(d.state);
    else if (d.kind === 'hello') onHello(d.state);
    else if (d.kind === 'ask' && served !== null) channel.postMessage({ kind: 'hello', state: served });
  };
  const tell = (message) => { if (channel) channel.postMessage(message); };
  function listen() {
    return new Promise((release) => {
      const events = new EventSource('/__gtkit/events');
      let instance = null;
      events.addEventListener('hello', (m) => {
        const data = JSON.parse(m.data);
        // A preview restarted on the same port is a new state: reload once it answers again.
        if (instance !== null && data.instance !== instance) { tell({ kind: 'restart' }); reload(); return; }
        instance = data.instance;
        served = data.state;
        tell({ kind: 'hello', state: served });
        onHello(served);
      });
      events.addEventListener('reload', (m) => {
        served = JSON.parse(m.data).state;
        tell({ kind: 'reload', state: served });
        onChange(served);
      });
      window.addEventListener('pagehide', () => { events.close(); release(); });
    });
  }
  if (channel && navigator.locks) {
    navigator.locks.request('gtkit-preview-events-' + location.port, listen);
    // The tab that listens says which state is served, in case it changed before this page subscribed.
    tell({ kind: 'ask' });
  } else listen();

  const bar = document.getElementById('gtkit-bar');
  const item = bar && bar.dataset.item;
  if (item === undefined) return;
  // The data this page shows: the server stores the answer for it even if the manifest moved it.
  const digest = bar.dataset.sourceDigest;
  const params = new URLSearchParams(location.search);
  const input = document.getElementById('gtkit-worker');
  const valid = (w) => /^[A-Za-z0-9._:@-]{1,128}$/.test(w);
  let saved = null;
  try { saved = localStorage.getItem('gtkit-worker'); } catch (_) {}
  if (input && !params.get('worker') && saved && valid(saved)) input.value = saved;
  const worker = () => (input && input.value.trim()) || 'preview-worker-1';
  const accepted = new Date().toISOString();

  // Errors of the template's scripts: shown above the task, placed in the template by the preview.
  const taskBox = document.getElementById('gtkit-task');
  const firstLine = taskBox ? Number(taskBox.dataset.templateLine) : NaN;
  let shownErrors = 0;
  function showPageError(error) {
    if (!taskBox || shownErrors >= ${pageErrorsPerPage}) return;
    shownErrors++;
    let banner = document.getElementById('gtkit-page-errors');
    if (!banner) {
      banner = document.createElement('div');
      banner.id = 'gtkit-page-errors';
      banner.className = 'gtkit-p-warn';
      banner.setAttribute('role', 'alert');
      const title = document.createElement('strong');
      title.textContent = 'A script on this page threw (the worker would see nothing, and what it should do is not done):';
      banner.append(title);
      taskBox.before(banner);
    }
    const entry = document.createElement('div');
    entry.className = 'gtkit-page-error';
    const says = document.createElement('div');
    entry.append(says);
    banner.append(entry);
    let onPage = false;
    try { onPage = !error.source || new URL(error.source, location.href).pathname === location.pathname; } catch (_) {}
    const report = { item, message: error.message };
    if (onPage && error.line >= firstLine) { report.line = error.line - firstLine + 1; report.column = error.column || 1; }
    else if (error.source) { report.source = error.source; if (error.line) { report.line = error.line; report.column = error.column || 1; } }
    const fallback = report.source ? (report.line ? report.source + ':' + report.line + ':' + report.column : report.source) : '';
    says.textContent = error.message + (fallback ? ' (at ' + fallback + ')' : '');
    fetch('${pageErrorRoute}', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) })
      .then((res) => (res.ok ? res.json() : {}))
      .then((at) => {
        if (at.where) says.textContent = at.where + ': ' + error.message;
        if (at.codeFrame) { const frame = document.createElement('pre'); frame.textContent = at.codeFrame; entry.append(frame); }
        document.dispatchEvent(new CustomEvent('gtkit:page-error-shown', { detail: { message: error.message, where: at.where || fallback } }));
      })
      .catch(() => {});
  }
  for (const error of window.__gtkitPageErrors || []) showPageError(error);
  document.addEventListener('gtkit:page-error', (e) => showPageError(e.detail));

  const captureUrl = () => '/__gtkit/capture?' + new URLSearchParams({ item, worker: worker(), accepted, ...(digest ? { digest } : {}) }).toString();
  function pointFormsAtCapture() {
    if (bar.dataset.mode !== 'amazon') return;
    const action = captureUrl();
    for (const el of document.querySelectorAll('crowd-form, crowd-form form')) {
      if (el.getAttribute('action') !== action) el.setAttribute('action', action);
      if (el.getAttribute('method') !== 'post') el.setAttribute('method', 'post');
    }
  }
  if (bar.dataset.mode === 'amazon') {
    pointFormsAtCapture();
    // Amazon's crowd-form builds its inner <form> when it upgrades: catch it whenever that is.
    new MutationObserver(pointFormsAtCapture).observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener('all-crowd-elements-ready', pointFormsAtCapture);
  }

  function rememberWorker() {
    const w = worker();
    const ok = valid(w);
    if (input) input.setCustomValidity(ok ? '' : 'letters, digits and . _ : @ - only, 1 to 128 characters');
    if (!ok) return;
    try { localStorage.setItem('gtkit-worker', w); } catch (_) {}
    const url = new URL(location.href);
    url.searchParams.set('worker', w);
    url.searchParams.delete('stored');
    url.searchParams.delete('moved-from');
    history.replaceState(null, '', url);
    pointFormsAtCapture();
  }
  if (input) { input.addEventListener('input', rememberWorker); input.addEventListener('change', rememberWorker); }

  function show(ok, stored, note) {
    const pre = document.getElementById('gtkit-stored');
    if (pre && stored) pre.textContent = stored.length ? '[\\n' + stored.map((a) => '  ' + JSON.stringify(a)).join(',\\n') + '\\n]' : '[]';
    const p = document.getElementById('gtkit-stored-note');
    if (p) { p.textContent = note; p.hidden = false; p.style.color = ok ? '' : '#cf222e'; }
    document.dispatchEvent(new CustomEvent('gtkit:stored', { detail: { ok, stored, note } }));
  }
  const movedNote = (from, to) => ' The manifest changed since the page was loaded: the data you answered as item ' + from + ' is item ' + to + ' now, and the answer is stored there.';
  if (params.get('stored') === '1') show(true, null, 'Answer stored for worker ' + worker() + '.' + (params.get('moved-from') ? movedNote(params.get('moved-from'), item) : ''));

  document.addEventListener('gtkit:submit', async (event) => {
    event.preventDefault();
    const answer = event.detail && event.detail.answer;
    try {
      const res = await fetch('/__gtkit/answers', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ datasetObjectId: item, workerId: worker(), answerContent: answer, acceptanceTime: accepted, sourceDigest: digest }),
      });
      const out = await res.json();
      if (!res.ok) throw new Error(out.error || res.statusText);
      if (out.moved) {
        // This page is out of date: its item number now names other data. Show where the answer went.
        show(true, null, 'Answer stored for worker ' + worker() + ' as item ' + out.datasetObjectId + '.' + movedNote(item, out.datasetObjectId));
      } else show(true, out.stored, 'Answer stored for worker ' + worker() + '.');
    } catch (err) {
      show(false, null, 'Not stored: ' + err.message);
    }
  });
})();
`;

/** Versioned URL of the page script: it never changes while the preview runs, so browsers keep it. */
export const clientScriptUrl = `/__gtkit/client.js?v=${createHash('sha256').update(clientScript).digest('hex').slice(0, 12)}`;
