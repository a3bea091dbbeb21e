import { join, relative } from 'node:path';
import { readAnswers, type CapturedAnswer } from '../run/answers-file.ts';
import { placeAnswers } from '../run/answer-placement.ts';
import { checkWorkerId } from './capture.ts';
import { shownToWorkers } from './answer-target.ts';
import { loadsCrowdScript, useStandIns, type CrowdScriptMode } from './crowd-script.ts';
import { errorPage, indexPage, itemPage, type IndexRow } from './pages.ts';
import { fromError, type PreviewProblem } from './problem.ts';
import { missingLocalCopies } from './static-files.ts';
import { s3Layout } from '../task/local-s3-copies.ts';
import type { PreviewItem, TaskSnapshot } from './task-snapshot.ts';

/** What the page routes need besides the snapshot. */
export interface PageContext {
  taskDir: string;
  mode: CrowdScriptMode;
  /** Where the stand-in bundle is served (versioned). */
  standInsUrl: string;
  /** Names the task state the page is rendered from (ReloadHub.stateOf); the page reloads when the preview serves another. */
  state?: string;
}

export interface PageResponse {
  status: number;
  html: string;
}

/** The default worker id of a fresh browser. */
export const defaultWorkerId = 'preview-worker-1';

function fatalTitle(problems: PreviewProblem[] | undefined): string {
  const titles: Record<string, string> = { config: 'The task config does not load', manifest: 'The manifest cannot be read', pre: 'The PRE code does not load' };
  return titles[problems?.[0]?.stage ?? ''] ?? 'The task cannot be previewed';
}

function failure(ctx: PageContext, status: number, title: string, problems: PreviewProblem[], renderAnyway?: string): PageResponse {
  return { status, html: errorPage({ title, problems, base: ctx.taskDir, ...(renderAnyway ? { renderAnyway } : {}), ...stateOf(ctx) }) };
}

/** Items per index page: a browser lays out a table of a few hundred rows at once, not 100,000. */
export const indexPageSize = 500;
/** Problems listed on the index: every line of a broken manifest would be one. */
export const indexMaxProblems = 100;

/**
 * `/`: the manifest lines with their PRE results, `indexPageSize` at a time from `?from=`
 * (0-based), and the task's problems on top.
 */
export async function indexResponse(snap: TaskSnapshot, ctx: PageContext, url?: URL): Promise<PageResponse> {
  if (snap.fatal || !snap.task) return failure(ctx, 500, fatalTitle(snap.fatal), snap.fatal ?? []);
  const { byId: placed, setAside } = await placedAnswers(snap, snap.task.paths.answers);
  const total = snap.items.length;
  const asked = Number(url?.searchParams.get('from') ?? 0);
  const from = Number.isSafeInteger(asked) && asked > 0 && asked < total ? asked : 0;
  const rows: IndexRow[] = snap.items.slice(from, from + indexPageSize).map((i) => ({
    id: i.id, lineNumber: i.lineNumber, source: i.source, answers: placed.get(i.id)?.length ?? 0,
    ...(i.isHumanAnnotationRequired !== undefined ? { isHumanAnnotationRequired: i.isHumanAnnotationRequired } : {}),
    ...(i.taskInput ? { taskInput: i.taskInput } : {}),
    ...(i.problem ? { problem: i.problem } : {}),
    ...(i.skipped ? { skipped: i.skipped } : {}),
  }));
  const problems = [...(snap.templateProblem ? [snap.templateProblem] : []), ...snap.lintErrors, ...snap.manifestProblems];
  const html = indexPage({
    jobName: snap.task.config.jobName, base: ctx.taskDir, manifestFile: relative(ctx.taskDir, snap.task.paths.manifest), rows,
    setAside: { file: relative(ctx.taskDir, snap.task.paths.answers), notes: setAside },
    problems: problems.slice(0, indexMaxProblems), moreProblems: Math.max(0, problems.length - indexMaxProblems),
    warnings: snap.lintWarnings, mode: ctx.mode, page: { from, total, size: indexPageSize }, ...stateOf(ctx),
  });
  return { status: 200, html };
}

/**
 * `/item/<id>`: the template rendered with the item's task.input in the page shell, or the
 * first thing that stops it (config, PRE, compile, lint errors, render) as an error page.
 * `?lint=off` shows the page despite lint errors; `?worker=` preselects the worker id.
 */
export async function itemResponse(snap: TaskSnapshot, id: string, url: URL, ctx: PageContext): Promise<PageResponse> {
  if (snap.fatal || !snap.task) return failure(ctx, 500, fatalTitle(snap.fatal), snap.fatal ?? []);
  const task = snap.task;
  const item = snap.items.find((i) => i.id === id);
  if (!item) {
    const bad = badLineOf(snap, id);
    if (bad) return failure(ctx, 404, `Item ${id} is manifest line ${bad.line}, which cannot be read`, [{ ...bad, hint: 'fix the line and save; this page reloads by itself' }]);
    const wholeFile = snap.manifestProblems.filter((p) => p.wholeFile);
    return failure(ctx, 404, `No item ${id}`, [...wholeFile, { stage: 'manifest', file: task.paths.manifest, line: 1, column: 1, message: `the manifest has ${snap.items.length} line(s), numbered from 0; see the index` }]);
  }
  if (item.problem) return failure(ctx, 500, `The PRE failed on manifest line ${item.lineNumber}`, [item.problem]);
  // Not a failure (lint warns of it), but there is no task.input to render: the page says why instead.
  if (item.skipped) return failure(ctx, 200, `Manifest line ${item.lineNumber} is kept from workers (onInvalidDataObject: 'skip')`, [item.skipped]);
  if (snap.templateProblem || !snap.template) return failure(ctx, 500, 'The template does not compile', snap.templateProblem ? [snap.templateProblem] : []);
  const lintOff = url.searchParams.get('lint') === 'off';
  if (snap.lintErrors.length && !lintOff) {
    const anyway = new URL(url);
    anyway.searchParams.set('lint', 'off');
    return failure(ctx, 500, 'The template has lint errors', snap.lintErrors, `${anyway.pathname}${anyway.search}`);
  }
  let rendered: string;
  try {
    rendered = await snap.template.render(item.taskInput ?? {});
  } catch (error) {
    // Real presigning (--presign aws) fails here when no AWS credentials are found.
    const hint = /credential/i.test(String((error as Error)?.message)) ? 'grant_read_access with --presign aws needs AWS credentials (AWS_PROFILE or the AWS_* variables); or use --presign local' : undefined;
    return failure(ctx, 500, `The template could not be rendered for item ${item.id}`, [{ ...fromError('template', task.paths.template, error, hint), while: `task.input from manifest line ${item.lineNumber}` }]);
  }
  const notes: string[] = [];
  if (!item.isHumanAnnotationRequired) notes.push('The PRE returned isHumanAnnotationRequired: false for this line: Ground Truth would not show it to workers, so submitting is refused.');
  if (!loadsCrowdScript(rendered)) notes.push('The template loads no https://assets.crowd.aws/crowd-html-elements.js, so its crowd-* elements stay inert (add the script tag, as Ground Truth templates must).');
  if (lintOff && snap.lintErrors.length) notes.push(`Shown despite ${snap.lintErrors.length} lint error(s).`);
  for (const uri of await missingLocalCopies(rendered, join(ctx.taskDir, s3Layout.folder))) {
    notes.push(`${uri} has no local copy, so the page shows it broken: put the file at ${join(s3Layout.folder, uri.slice('s3://'.length))} in the task folder, or preview with --presign aws to use the object on S3.`);
  }
  const requested = url.searchParams.get('worker');
  let worker = defaultWorkerId;
  if (requested) {
    try {
      worker = checkWorkerId(requested);
    } catch {
      notes.push(`worker id ${JSON.stringify(requested.slice(0, 80))} is not valid (letters, digits and . _ : @ -); using ${defaultWorkerId}.`);
    }
  }
  const stored = (await storedAnswers(snap, task.paths.answers)).get(item.id) ?? [];
  const forWorkers = snap.items.filter(shownToWorkers);
  const html = itemPage({
    jobName: task.config.jobName, id: item.id, lineNumber: item.lineNumber, sourceDigest: item.digest, position: forWorkers.indexOf(item) + 1, count: forWorkers.length,
    ...neighbours(snap.items, item), indexHref: indexHrefOf(snap.items.indexOf(item)),
    worker, html: ctx.mode.kind === 'amazon' ? rendered : useStandIns(rendered, ctx.standInsUrl), mode: ctx.mode, stored, notes, warnings: snap.lintWarnings, base: ctx.taskDir, ...stateOf(ctx),
  });
  return { status: 200, html };
}

/**
 * The manifest problem of the line that holds item `id`, when that line could not be read: such a
 * line still takes its datasetObjectId (blank lines take none), so the items around the gap and
 * the problems inside it, in order, tell which line it is.
 */
function badLineOf(snap: TaskSnapshot, id: string): PreviewProblem | undefined {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || String(n) !== id) return undefined;
  let before: PreviewItem | undefined;
  let after: PreviewItem | undefined;
  for (const i of snap.items) {
    const at = Number(i.id);
    if (at < n && (!before || at > Number(before.id))) before = i;
    if (at > n && (!after || at < Number(after.id))) after = i;
  }
  const inGap = snap.manifestProblems.filter((p) => !p.wholeFile && p.line > (before?.lineNumber ?? 0) && p.line < (after?.lineNumber ?? Number.POSITIVE_INFINITY));
  return inGap[n - (before ? Number(before.id) : -1) - 1];
}

/** The index page that lists the item at this place. */
function indexHrefOf(at: number): string {
  const from = Math.floor(Math.max(0, at) / indexPageSize) * indexPageSize;
  return from > 0 ? `/?from=${from}` : '/';
}

function stateOf(ctx: PageContext): { state?: string } {
  return ctx.state !== undefined ? { state: ctx.state } : {};
}

/** The stored answers as `gtkit run` replays them: each on the line whose data it was given for. */
export async function storedAnswers(snap: TaskSnapshot, answersFile: string): Promise<Map<string, CapturedAnswer[]>> {
  return (await placedAnswers(snap, answersFile)).byId;
}

/**
 * The stored answers by line, and what `gtkit run` would not replay: bad lines of the answers
 * file, and answers whose data is on no line for workers now (or on several). The preview shows
 * the latter, so that a manifest edit that strands answers is seen where they were given.
 */
async function placedAnswers(snap: TaskSnapshot, answersFile: string): Promise<{ byId: Map<string, CapturedAnswer[]>; setAside: string[] }> {
  const lines = snap.items.filter(shownToWorkers).map((i) => ({ id: i.id, source: i.source, digest: i.digest }));
  const { answers, problems } = await readAnswers(answersFile);
  const { byId, notes } = placeAnswers(answers, lines);
  const base = snap.task?.dir;
  const setAside = [
    ...problems.map((p) => `${base ? relative(base, p.where) : p.where}: ${p.reason}`),
    ...notes.filter((n) => n.kind === 'ignored').map((n) => n.message),
  ];
  return { byId, setAside };
}

/** The items workers would see just before and after this one, in manifest order. */
function neighbours(items: PreviewItem[], item: PreviewItem): { prev?: string; next?: string } {
  const at = items.indexOf(item);
  const prev = items.slice(0, at).reverse().find(shownToWorkers)?.id;
  const next = items.slice(at + 1).find(shownToWorkers)?.id;
  return { ...(prev !== undefined ? { prev } : {}), ...(next !== undefined ? { next } : {}) };
}
