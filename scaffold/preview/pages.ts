import { escapeHtml } from '../../templates/engine/engine.ts';

/** The preview's own pages: plain HTML, escaped everywhere. */
const style = `body{font:14px system-ui,sans-serif;margin:0}
.gtkit-bar{position:sticky;top:0;z-index:2000;display:flex;gap:12px;align-items:center;padding:6px 12px;background:#24292f;color:#fff;font:13px system-ui,sans-serif}
.gtkit-bar a{color:#9ecbff}.gtkit-bar input{width:14em}
main{padding:12px}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
pre{white-space:pre-wrap;background:#f6f8fa;border:1px solid #d0d7de;padding:8px;border-radius:6px}
.err{background:#ffebe9;border:1px solid #ff8182;padding:12px;border-radius:6px}`;

export function layout(title: string, body: string, extraHead = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${style}</style>${extraHead}</head><body>${body}<script src="/__gtkit/client.js"></script></body></html>`;
}

export interface IndexRow {
  id: string;
  line: number;
  source: string;
  human?: boolean;
  taskInput?: unknown;
  error?: string;
  answers: number;
}

export function indexPage(task: string, rows: IndexRow[], notes: string[], scriptMode: string): string {
  const body = rows
    .map((r) => {
      const status = r.error ? `<span class="err">PRE failed: ${escapeHtml(r.error)}</span>` : r.human ? 'sent to workers' : 'kept from workers (isHumanAnnotationRequired: false)';
      const link = r.human && !r.error ? `<a href="/item/${encodeURIComponent(r.id)}">open #${escapeHtml(r.id)}</a>` : `#${escapeHtml(r.id)}`;
      return `<tr><td>${link}</td><td>${r.line}</td><td>${escapeHtml(r.source.slice(0, 80))}</td><td>${status}<br><code>isHumanAnnotationRequired: ${r.error ? '—' : String(Boolean(r.human))}</code></td><td><code>${escapeHtml(JSON.stringify(r.taskInput ?? null).slice(0, 160))}</code></td><td>${r.answers}</td></tr>`;
    })
    .join('');
  return layout(
    `gtkit preview — ${task}`,
    `<div class="gtkit-bar"><strong>gtkit preview</strong><span>${escapeHtml(task)}</span><span>${escapeHtml(scriptMode)}</span></div><main>${notes.map((n) => `<p class="err">${escapeHtml(n)}</p>`).join('')}<table><thead><tr><th>item</th><th>line</th><th>source</th><th>PRE result</th><th>task.input</th><th>answers</th></tr></thead><tbody>${body}</tbody></table></main>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(`gtkit preview — error`, `<div class="gtkit-bar"><strong>gtkit preview</strong><a href="/">all items</a></div><main><h2>${escapeHtml(title)}</h2><pre class="err" id="gtkit-error">${escapeHtml(message)}</pre><p>Fix the file and save: this page reloads by itself.</p></main>`);
}

/** An item page: the rendered template as Ground Truth would show it, with a thin toolbar and the stored answers. */
export function itemPage(opts: { id: string; position: string; prev?: string; next?: string; worker: string; html: string; scriptMode: string; stored: unknown[] }): string {
  const nav = `${opts.prev ? `<a href="/item/${encodeURIComponent(opts.prev)}">← prev</a>` : ''} ${opts.next ? `<a href="/item/${encodeURIComponent(opts.next)}">next →</a>` : ''}`;
  const bar = `<div class="gtkit-bar" id="gtkit-bar" data-item="${escapeHtml(opts.id)}"><strong>gtkit preview</strong><a href="/">all items</a><span>item ${escapeHtml(opts.position)}</span>${nav}<label>worker id <input id="gtkit-worker" value="${escapeHtml(opts.worker)}" aria-label="worker id"></label><span>${escapeHtml(opts.scriptMode)}</span></div>`;
  const stored = `<section style="padding:12px"><h3>Stored answers for this item (answers.jsonl)</h3><pre id="gtkit-stored">${escapeHtml(JSON.stringify(opts.stored, null, 2))}</pre></section>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gtkit preview — item ${escapeHtml(opts.id)}</title><style>.gtkit-bar{position:sticky;top:0;z-index:2000;display:flex;gap:12px;align-items:center;padding:6px 12px;background:#24292f;color:#fff;font:13px system-ui,sans-serif}.gtkit-bar a{color:#9ecbff}#gtkit-stored{white-space:pre-wrap;background:#f6f8fa;border:1px solid #d0d7de;padding:8px;font:12px ui-monospace,monospace}</style></head><body>${bar}<div id="gtkit-task">${opts.html}</div>${stored}<script src="/__gtkit/client.js"></script></body></html>`;
}

/** The page script: live reload (SSE) and answer capture. */
export const clientScript = `(() => {
  const events = new EventSource('/__gtkit/events');
  events.addEventListener('reload', () => location.reload());
  const bar = document.getElementById('gtkit-bar');
  if (!bar) return;
  const item = bar.dataset.item;
  const input = document.getElementById('gtkit-worker');
  const worker = () => (input && input.value.trim()) || 'preview-worker-1';
  if (input) input.addEventListener('change', () => { localStorage.setItem('gtkit-worker', worker()); const u = new URL(location.href); u.searchParams.set('worker', worker()); history.replaceState(null, '', u); });
  const started = new Date().toISOString();
  async function store(answer) {
    const res = await fetch('/__gtkit/answers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ datasetObjectId: item, workerId: worker(), answerContent: answer, acceptanceTime: started }) });
    const out = await res.json();
    const pre = document.getElementById('gtkit-stored');
    if (pre) pre.textContent = JSON.stringify(out.stored, null, 2);
    document.dispatchEvent(new CustomEvent('gtkit:stored', { detail: out }));
  }
  document.addEventListener('gtkit:submit', (e) => { e.preventDefault(); store(e.detail.answer); });
  // Amazon's crowd-form (when it loads) submits a taskAnswers field: capture that too.
  document.addEventListener('submit', (e) => {
    const field = e.target && e.target.querySelector && e.target.querySelector('input[name="taskAnswers"]');
    if (!field || !field.value) return;
    e.preventDefault();
    try { store(JSON.parse(field.value)[0]); } catch (err) { console.error(err); }
  }, true);
})();`;
