import { escapeHtml } from '../../templates/engine/engine.ts';
import { clientScriptUrl, stateMeta } from './client-script.ts';
import { describeCrowdScript, type CrowdScriptMode } from './crowd-script.ts';
import { pageErrorCatcherUrl } from './page-errors.ts';
import { formatProblem, place, type PreviewProblem } from './problem.ts';
import type { CapturedAnswer } from '../run/answers-file.ts';

/** The preview's own pages. Every value is escaped; the template is the only raw HTML. */

const e = escapeHtml;
const clientScriptTag = `<script src="${clientScriptUrl}"></script>`;

// Scoped to #gtkit-… ids and .gtkit-p- classes so that the template's own styles and the
// stand-ins' classes are left alone.
const shellStyle = `#gtkit-bar{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;padding:8px 14px;background:#1f2328;color:#f0f3f6;font:13px/1.4 system-ui,sans-serif}
#gtkit-bar a{color:#9ecbff}#gtkit-bar strong{font-size:14px}#gtkit-bar input{font:13px ui-monospace,monospace;width:13em;padding:2px 6px;border-radius:4px;border:1px solid #57606a}
#gtkit-bar .gtkit-p-mode{margin-left:auto;color:#ffd8a8}#gtkit-bar .gtkit-p-mode.gtkit-p-amazon{color:#b4f1b4}
#gtkit-answers,#gtkit-notes{margin:14px;font:13px/1.45 system-ui,sans-serif;color:#1f2328}
#gtkit-answers h2,#gtkit-notes summary{font:600 14px system-ui,sans-serif}
#gtkit-stored{white-space:pre-wrap;background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:10px;font:12px/1.45 ui-monospace,monospace;max-height:24em;overflow:auto}
#gtkit-stored-note{color:#1a7f37;font-weight:600}
#gtkit-task{padding:8px}
.gtkit-p-warn{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 10px;margin:6px 0}`;

const pageStyle = `body{margin:0;font:14px/1.45 system-ui,sans-serif;color:#1f2328}main{padding:14px 18px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
code,pre{font:12px/1.45 ui-monospace,monospace}pre{white-space:pre-wrap;background:#f6f8fa;border:1px solid #d0d7de;padding:8px;border-radius:6px;overflow:auto}
.gtkit-p-bad{color:#cf222e}.gtkit-p-off{color:#57606a}
.gtkit-p-problem{background:#ffebe9;border:1px solid #ff8182;border-radius:6px;padding:10px 12px;margin:10px 0}
.gtkit-p-problem pre{background:#fff;margin:8px 0 0}.gtkit-p-place{font-weight:700}.gtkit-p-pages{margin:8px 0}`;

function head(title: string, style: string, state?: string, script = ''): string {
  const meta = state !== undefined ? `<meta name="${stateMeta}" content="${e(state)}">` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${meta}<title>${e(title)}</title><style>${style}</style>${script}</head>`;
}

function modeLabel(mode: CrowdScriptMode): string {
  return `<span class="gtkit-p-mode${mode.kind === 'amazon' ? ' gtkit-p-amazon' : ''}" id="gtkit-mode">${e(describeCrowdScript(mode))}</span>`;
}

export interface IndexRow {
  id: string;
  lineNumber: number;
  source: string;
  isHumanAnnotationRequired?: boolean;
  taskInput?: unknown;
  problem?: PreviewProblem;
  /** Kept from workers by the PRE (onInvalidDataObject: 'skip'), with the reason. */
  skipped?: PreviewProblem;
  answers: number;
}

export interface IndexPageData {
  jobName: string;
  base: string;
  manifestFile: string;
  rows: IndexRow[];
  /** Manifest, template and lint problems, errors first. */
  problems: PreviewProblem[];
  /** Problems left out of `problems` (a long list is cut short). */
  moreProblems?: number;
  warnings: PreviewProblem[];
  /** Stored answers `gtkit run` will not replay (bad lines, data no line holds now), and the answers file. */
  setAside?: { file: string; notes: string[] };
  /** Which rows these are, when the index is one page of several: `rows` start at item `from` of `total`. */
  page?: { from: number; total: number; size: number };
  mode: CrowdScriptMode;
  /** The task state the page shows (see head). */
  state?: string;
}

function preCell(r: IndexRow, base: string): string {
  if (r.problem) return `<span class="gtkit-p-bad">PRE failed</span> <code>${e(formatProblem(r.problem, base))}</code>`;
  const human = r.isHumanAnnotationRequired === true;
  const why = r.skipped ? ` <code>${e(formatProblem(r.skipped, base))}</code>` : '';
  return `<code>isHumanAnnotationRequired: ${human}</code><br>${human ? 'sent to workers' : '<span class="gtkit-p-off">kept from workers</span>'}${why}`;
}

/** Every manifest line with its PRE result, linking to the items workers would see. */
export function indexPage(d: IndexPageData): string {
  const rows = d.rows
    .map((r) => {
      const input = r.taskInput === undefined ? '' : JSON.stringify(r.taskInput);
      const shortInput = input.length > 200 ? `${input.slice(0, 200)}…` : input;
      return `<tr data-item="${e(r.id)}"><td><a href="/item/${encodeURIComponent(r.id)}">#${e(r.id)}</a></td><td>${r.lineNumber}</td><td>${e(r.source.length > 90 ? `${r.source.slice(0, 90)}…` : r.source)}</td><td>${preCell(r, d.base)}</td><td><code>${e(shortInput)}</code></td><td>${r.answers}</td></tr>`;
    })
    .join('');
  const more = d.moreProblems ? `<p class="gtkit-p-bad" id="gtkit-more-problems">…and ${d.moreProblems} more problem(s) not listed here.</p>` : '';
  const problems = d.problems.map((p) => problemBlock(p, d.base)).join('') + more;
  const warnings = setAsideBlock(d.setAside) + (d.warnings.length ? `<details><summary>${d.warnings.length} warning(s)</summary>${d.warnings.map((p) => `<p class="gtkit-p-warn">${e(formatProblem(p, d.base))}</p>`).join('')}</details>` : '');
  const total = d.page?.total ?? d.rows.length;
  const bar = `<header id="gtkit-bar"><strong>gtkit preview</strong><span>${e(d.jobName)}</span><span>${total} manifest line(s) in ${e(d.manifestFile)}</span>${modeLabel(d.mode)}</header>`;
  const table = `<table id="gtkit-items"><thead><tr><th>item</th><th>line</th><th>source</th><th>PRE result</th><th>task.input</th><th>answers</th></tr></thead><tbody>${rows}</tbody></table>`;
  const pager = d.page ? pageLinks(d.page) : '';
  return `${head(`gtkit preview — ${d.jobName}`, `${pageStyle}\n${shellStyle}`, d.state)}<body>${bar}<main>${problems}${warnings}${pager}${table}${pager}</main>${clientScriptTag}</body></html>`;
}

/** Answers listed when a manifest edit strands some: a replaced manifest would list every one. */
const setAsideListed = 20;

function setAsideBlock(s: IndexPageData['setAside']): string {
  if (!s?.notes.length) return '';
  const more = s.notes.length > setAsideListed ? `<li>…and ${s.notes.length - setAsideListed} more</li>` : '';
  const items = s.notes.slice(0, setAsideListed).map((n) => `<li>${e(n)}</li>`).join('');
  return `<div class="gtkit-p-problem" id="gtkit-set-aside" data-stage="answers"><div><span class="gtkit-p-place">${e(s.file)}</span>: ${s.notes.length} stored answer(s) will not be replayed by gtkit run:</div><ul>${items}${more}</ul><div>fix: answer those items again here, or put back the manifest lines they were given for; if the manifest was replaced on purpose, delete ${e(s.file)}</div></div>`;
}

/** `items 501–1000 of 100000` with links to the first, previous, next and last pages, when there is more than one. */
function pageLinks({ from, total, size }: { from: number; total: number; size: number }): string {
  if (total <= size && from === 0) return '';
  const link = (to: number, text: string) => `<a href="/?from=${to}">${text}</a>`;
  const last = Math.floor((total - 1) / size) * size;
  const links = [
    from > 0 ? link(0, 'first') : '',
    from > 0 ? link(Math.max(0, from - size), `← previous ${size}`) : '',
    from + size < total ? link(from + size, `next ${Math.min(size, total - from - size)} →`) : '',
    from + size < total && last > from + size ? link(last, 'last') : '',
  ].filter(Boolean);
  return `<nav class="gtkit-p-pages">items ${from + 1}–${Math.min(total, from + size)} of ${total}: ${links.join(' · ')}</nav>`;
}

function problemBlock(p: PreviewProblem, base: string): string {
  const frame = p.codeFrame ? `<pre>${e(p.codeFrame)}</pre>` : '';
  const also = p.while ? ` <span>(${e(p.while)})</span>` : '';
  const hint = p.hint ? `<div>fix: ${e(p.hint)}</div>` : '';
  return `<div class="gtkit-p-problem" data-stage="${e(p.stage)}"><div><span class="gtkit-p-place">${e(place(p, base))}</span>: ${e(p.message)}${also}</div>${hint}${frame}</div>`;
}

export interface ErrorPageData {
  title: string;
  problems: PreviewProblem[];
  base: string;
  /** Offered for lint errors: the page as it renders, findings aside. */
  renderAnyway?: string;
  /** The task state the page shows (see head). */
  state?: string;
}

/**
 * A problem page: where (`file:line:col`), what, the fix and a code frame. It keeps the reload
 * client, so saving the fix brings the real page back by itself.
 */
export function errorPage(d: ErrorPageData): string {
  const plain = d.problems.map((p) => formatProblem(p, d.base)).join('\n');
  const anyway = d.renderAnyway ? `<p><a id="gtkit-render-anyway" href="${e(d.renderAnyway)}">Render the page anyway</a> (Ground Truth may refuse or break it).</p>` : '';
  const bar = `<header id="gtkit-bar"><strong>gtkit preview</strong><a href="/">all items</a></header>`;
  return `${head('gtkit preview — error', `${pageStyle}\n${shellStyle}`, d.state)}<body>${bar}<main><h1>${e(d.title)}</h1>${d.problems.map((p) => problemBlock(p, d.base)).join('')}<pre id="gtkit-error" hidden>${e(plain)}</pre>${anyway}<p>Fix the file and save: this page reloads by itself.</p></main>${clientScriptTag}</body></html>`;
}

/** Stored answers as a JSON array, one answer per line: several workers fit on one screen. */
export function formatStored(stored: unknown[]): string {
  return stored.length ? `[\n${stored.map((a) => `  ${JSON.stringify(a)}`).join(',\n')}\n]` : '[]';
}

export interface ItemPageData {
  jobName: string;
  id: string;
  lineNumber: number;
  /** `sourceDigest` of the line's data: a submit names the data it was given for, not only the position. */
  sourceDigest: string;
  /** 1-based place among the items sent to workers (0: not sent), and their count. */
  position: number;
  count: number;
  prev?: string;
  next?: string;
  /** The index page that lists this item (default `/`). */
  indexHref?: string;
  worker: string;
  /** The rendered template, exactly as the engine produced it (script URLs aside). */
  html: string;
  mode: CrowdScriptMode;
  stored: CapturedAnswer[];
  notes: string[];
  warnings: PreviewProblem[];
  base: string;
  /** The task state the page shows (see head). */
  state?: string;
}

/**
 * The page shell around a rendered template: toolbar (items, worker id, which elements), the
 * template as is, then the answers stored for this item.
 */
export function itemPage(d: ItemPageData): string {
  const nav = `${d.prev ? `<a id="gtkit-prev" href="/item/${encodeURIComponent(d.prev)}">← prev</a>` : ''}${d.next ? `<a id="gtkit-next" href="/item/${encodeURIComponent(d.next)}">next →</a>` : ''}`;
  const bar = `<header id="gtkit-bar" data-item="${e(d.id)}" data-source-digest="${e(d.sourceDigest)}" data-mode="${d.mode.kind}"><strong>gtkit preview</strong><a href="${e(d.indexHref ?? '/')}">all items</a><span>item #${e(d.id)} (line ${d.lineNumber}, ${d.position > 0 ? `${d.position} of ${d.count} for workers` : 'not for workers'})</span>${nav}<label>worker id <input id="gtkit-worker" value="${e(d.worker)}" spellcheck="false" autocomplete="off"></label>${modeLabel(d.mode)}</header>`;
  const notes = d.notes.length || d.warnings.length
    ? `<details id="gtkit-notes"${d.notes.length ? ' open' : ''}><summary>${d.notes.length + d.warnings.length} note(s)</summary>${d.notes.map((n) => `<p class="gtkit-p-warn">${e(n)}</p>`).join('')}${d.warnings.map((p) => `<p class="gtkit-p-warn">${e(formatProblem(p, d.base))}</p>`).join('')}</details>`
    : '';
  const answers = `<section id="gtkit-answers"><h2>Stored answers for this item (answers.jsonl)</h2><p id="gtkit-stored-note" hidden></p><pre id="gtkit-stored">${e(formatStored(d.stored))}</pre></section>`;
  // The error catcher runs before the template's scripts; the template starts on a line of its
  // own, whose number the client script subtracts to place an error in the template.
  const before = `${head(`gtkit preview — ${d.jobName} #${d.id}`, shellStyle, d.state, `<script src="${pageErrorCatcherUrl}"></script>`)}<body style="margin:0">${bar}${notes}`;
  const templateLine = lineCount(before) + 1;
  return `${before}<div id="gtkit-task" data-template-line="${templateLine}">\n${d.html}</div>${answers}${clientScriptTag}</body></html>`;
}

/** How many lines `text` spans (1 for text without a line break). */
function lineCount(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}
