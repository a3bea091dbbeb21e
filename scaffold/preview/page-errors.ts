import { createHash } from 'node:crypto';
import { codeFrame, positionOf } from '../../templates/engine/errors.ts';
import { traceTemplate } from '../../templates/lint/trace.ts';
import { HttpError } from './http.ts';
import { fileText, place } from './problem.ts';
import type { TaskSnapshot } from './task-snapshot.ts';

/**
 * Errors thrown by the template's own scripts on an item page. A page that throws looks normal
 * to the worker and only leaves a field unfilled, so the page catches them (a small inline script
 * served as /__gtkit/page-errors.js and loaded in its head, before the template's scripts run),
 * shows each in a banner and reports it here,
 * where it is placed in the template and written to the preview's terminal output.
 */

/** Where the item page reports its script errors. */
export const pageErrorRoute = '/__gtkit/page-error';
/** A report is a message and a place: a few KB is plenty. */
export const maxPageErrorBytes = 16 * 1024;
/** Reports one page sends at most: a script that throws in a loop would flood the terminal. */
export const pageErrorsPerPage = 10;

/**
 * Runs in the page's head, before the template: keeps every uncaught error and unhandled promise
 * rejection (with the first place of its stack, else the place the browser gives) in
 * window.__gtkitPageErrors and announces each with `gtkit:page-error`; the client script at the
 * end of the page shows and reports them. Only ErrorEvents count: an image that fails to load is
 * the stand-ins' to report.
 */
export const pageErrorCatcher = `(() => {
  const kept = (window.__gtkitPageErrors = []);
  const fromStack = (stack) => {
    const m = /\\(?((?:https?:|blob:)[^()\\s]*?):(\\d+):(\\d+)\\)?\\s*$/m.exec(String(stack || '').split('\\n').find((l) => /:\\d+:\\d+\\)?\\s*$/.test(l)) || '');
    return m ? { source: m[1], line: Number(m[2]), column: Number(m[3]) } : { source: '', line: 0, column: 0 };
  };
  const note = (error) => { kept.push(error); document.dispatchEvent(new CustomEvent('gtkit:page-error', { detail: error })); };
  window.addEventListener('error', (e) => {
    if (!(e instanceof ErrorEvent)) return;
    // The stack's place first: for JSON.parse's SyntaxError Chromium gives the place in the JSON as lineno.
    const at = fromStack(e.error && e.error.stack);
    note({ message: e.message || String(e.error), ...(at.line ? at : { source: e.filename || '', line: e.lineno || 0, column: e.colno || 0 }) });
  });
  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    const text = r instanceof Error ? String(r) : (() => { try { return JSON.stringify(r); } catch (_) { return String(r); } })();
    note({ message: 'Unhandled promise rejection: ' + text, ...fromStack(r && r.stack) });
  });
})();`;

/** Where the catcher is served, versioned: it never changes while the preview runs, so browsers keep it. */
export const pageErrorCatcherRoute = '/__gtkit/page-errors.js';
export const pageErrorCatcherUrl = `${pageErrorCatcherRoute}?v=${createHash('sha256').update(pageErrorCatcher).digest('hex').slice(0, 12)}`;

/** What a page sends: the error and the place the browser gave, in the template as rendered when `source` is absent. */
export interface PageErrorReport {
  item: string;
  message: string;
  /** The script's URL when the error is not in the template (the stand-ins, Amazon's script, a script file the template loads). */
  source?: string;
  /** 1-based; without `source`, the line of the template as rendered for the item (its inline scripts and handlers). */
  line?: number;
  column?: number;
}

/** Reads a page's report, refusing anything else with a 400. */
export function parsePageErrorReport(body: Buffer): PageErrorReport {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'a page error report is a JSON object');
  }
  const r = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof r.item !== 'string' || typeof r.message !== 'string') throw new HttpError(400, 'a page error report names the item and the message (strings)');
  const whole = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined);
  const line = whole(r.line);
  const column = whole(r.column);
  return {
    item: r.item.slice(0, 200),
    message: r.message.slice(0, 2000),
    ...(typeof r.source === 'string' && r.source ? { source: r.source.slice(0, 2000) } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
  };
}

/** Where a page error is: the template's `file:line:col` and a code frame, or the script's URL. */
export interface PageErrorPlace {
  /** `template.liquid.html:14:39`, or `<url>:3:7`, or undefined when the browser gave no place. */
  where?: string;
  codeFrame?: string;
}

/**
 * Places an error in the template: the item's page is rendered again with lint's trace of which
 * template offset each piece came from, so a line that Liquid moved (a loop, an if above it)
 * still lands on the template line that wrote it.
 */
export async function placePageError(snap: TaskSnapshot, report: PageErrorReport, base: string): Promise<PageErrorPlace> {
  if (report.source) return { where: report.line === undefined ? report.source : `${report.source}:${report.line}:${report.column ?? 1}` };
  if (report.line === undefined || !snap.task) return {};
  const file = snap.task.paths.template;
  const item = snap.items.find((i) => i.id === report.item);
  const source = fileText(file);
  if (!item?.taskInput || source === undefined) return {};
  let html: string;
  let toSource: (offset: number) => number;
  try {
    ({ html, toSource } = await traceTemplate(source, file).render(item.taskInput, `item ${item.id}`));
  } catch {
    return {};
  }
  const offset = offsetOf(html, report.line, report.column ?? 1);
  if (offset === undefined) return {};
  const at = positionOf(source, toSource(offset));
  return { where: place({ file, ...at }, base), codeFrame: codeFrame(source, at.line, at.column) };
}

/** The offset of a 1-based line and column of `text`, the column kept inside its line; undefined past the end. */
function offsetOf(text: string, line: number, column: number): number | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return Math.min(start + column - 1, end === -1 ? text.length : end);
}

/** The line the preview's terminal gets for one page error. */
export function pageErrorLogLine(report: PageErrorReport, at: PageErrorPlace): string {
  return `item ${report.item}: a script on the page threw: ${report.message}${at.where ? ` (at ${at.where})` : ' (the browser gave no place)'}`;
}
