import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { buildCrowdElementsBundle } from '../../templates/elements/bundle.ts';
import { localResolver, s3PresignResolver, type PresignResolver } from '../../templates/engine/index.ts';
import { readAnswers } from '../run/answers-file.ts';
import { CliError } from '../cli/exit-codes.ts';
import { resolveTaskConfigFile, type LoadedTask } from '../task/load-task.ts';
import { AnswerWriter, checkWorkerId, parseFormSubmission, parseJsonSubmission, toCapturedAnswer, type Submission } from './capture.ts';
import { clientScript, clientScriptUrl } from './client-script.ts';
import { chooseCrowdScript, loadsCrowdScript, standInRoutes, useStandIns, type CrowdScriptMode } from './crowd-script.ts';
import { FreshPreLoader } from './fresh-pre.ts';
import { html, HttpError, isLocalHost, isLoopbackAddress, isSameOrigin, javascript, readBody, send, sendJson, text } from './http.ts';
import { errorPage, indexPage, itemPage, type IndexRow } from './pages.ts';
import { fromError, type PreviewProblem } from './problem.ts';
import { ReloadHub } from './reload-hub.ts';
import { s3Layout, serveS3Object } from './static-files.ts';
import { takeSnapshot, type PreviewItem, type TaskSnapshot } from './task-snapshot.ts';
import { TaskWatcher } from './watch-task.ts';

export interface PreviewOptions {
  /** The task folder (or its gtkit.config.ts). */
  dir: string;
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Use gtkit's stand-ins without checking whether Amazon's script is reachable. */
  offline?: boolean;
  /** `local` (default): s3:// URIs map to `<task>/s3/<bucket>/<key>`. `aws`: real presigned URLs (needs credentials). */
  presign?: 'local' | 'aws';
  /** Replaces the resolver `presign` picks (tests, or an S3 client of your own). */
  resolver?: PresignResolver;
  /** The reachability check for Amazon's script (tests inject one); default: a HEAD request with a short timeout. */
  probeCrowdScript?: () => Promise<boolean>;
  /** Quiet time after a file event before the task is reloaded. */
  debounceMs?: number;
  log?: (line: string) => void;
}

export interface PreviewServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  crowdScript: CrowdScriptMode;
  /** Resolves with the changed file once a change has been picked up and open pages were told to reload. */
  nextReload(): Promise<string>;
  /** The state the pages are rendered from (after any pending change). */
  snapshot(): Promise<TaskSnapshot>;
  close(): Promise<void>;
}

/** The default worker id of a fresh browser. */
export const defaultWorkerId = 'preview-worker-1';
/** A segmentation answer carries a base64 PNG: allow big answers, but not unbounded ones. */
const maxAnswerBytes = 32 * 1024 * 1024;

/**
 * Starts the preview: a node:http server on 127.0.0.1 that shows every manifest line through
 * the task's PRE, renders the template per item as Ground Truth would, serves the local S3
 * copies, stores submitted answers in the answers file `gtkit run` replays, and reloads open
 * pages when a file of the task changes. Throws only when `dir` is not a task folder or the
 * port is taken; the task's own mistakes become error pages.
 *
 * @example
 * const preview = await startPreview({ dir: 'my-task', offline: true });
 * console.log(preview.url); // http://127.0.0.1:41234/
 * await preview.close();
 */
export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const log = options.log ?? (() => undefined);
  const configFile = resolveTaskConfigFile(options.dir);
  const taskDir = dirname(configFile);
  const mode = await chooseCrowdScript({ ...(options.offline ? { offline: true } : {}), ...(options.probeCrowdScript ? { probe: options.probeCrowdScript } : {}) });
  // Built once; its URL carries a content hash so a reloading page keeps it from its cache.
  const standInsCode = await buildCrowdElementsBundle();
  const standIns = { code: standInsCode, url: `${standInRoutes.script}?v=${contentHash(standInsCode)}` };
  const preLoader = new FreshPreLoader(join(taskDir, '.gtkit', 'preview'));
  const resolverFor = resolverFactory(options);
  const hub = new ReloadHub();
  const writer = new AnswerWriter();

  // The current state, rebuilt on each change; pages wait for the newest one.
  let generation = 0;
  let current: Promise<TaskSnapshot>;
  let waiters: Array<(file: string) => void> = [];
  const take = (): Promise<TaskSnapshot> =>
    takeSnapshot(configFile, { preLoader, resolverFor }).catch((error: unknown) => ({
      items: [], manifestProblems: [], lintErrors: [], lintWarnings: [],
      fatal: [{ stage: 'config', file: configFile, line: 1, column: 1, message: `the preview failed: ${(error as Error).stack ?? String(error)}` } satisfies PreviewProblem],
    }));
  current = take();
  await current;

  const refresh = async (file: string) => {
    const mine = ++generation;
    const started = performance.now();
    current = take();
    const snap = await current;
    if (mine !== generation) return; // a newer change is on its way
    hub.reload(file);
    log(`${file || 'task'} changed: ${describeSnapshot(snap)} (${Math.round(performance.now() - started)} ms), reload sent to ${hub.size} browser(s)`);
    rewatch(snap.task);
    const ready = waiters;
    waiters = [];
    for (const w of ready) w(file);
  };

  let watcher: TaskWatcher | undefined;
  let watchKey = '';
  const rewatch = (task: LoadedTask | undefined) => {
    const outside = task ? Object.values(task.paths).filter((f) => relative(taskDir, f).startsWith('..')) : [];
    const ignore = [task?.paths.answers ?? join(taskDir, 'answers.jsonl')];
    const key = JSON.stringify([outside, ignore]);
    if (key === watchKey && watcher) return;
    watcher?.close();
    watchKey = key;
    watcher = new TaskWatcher({
      dir: taskDir,
      outside,
      ignoreFiles: ignore,
      ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      onChange: (files) => void refresh(files.join(', ')),
      onError: (error) => log(`watching ${taskDir}: ${error.message}`),
    });
  };
  rewatch((await current).task);

  const store = async (sub: Submission): Promise<{ task: LoadedTask; stored: unknown[] }> => {
    const snap = await current;
    if (!snap.task) throw new HttpError(409, 'the task does not load; fix it before submitting');
    const item = snap.items.find((i) => i.id === sub.datasetObjectId);
    if (!item) throw new HttpError(404, `no item ${sub.datasetObjectId}: the manifest has ${snap.items.length} line(s)`);
    if (item.problem) throw new HttpError(409, `item ${item.id}: the PRE failed on it, so Ground Truth would make no task of it`);
    if (!item.isHumanAnnotationRequired) throw new HttpError(409, `item ${item.id}: the PRE returned isHumanAnnotationRequired: false, so no worker would see it`);
    const answer = toCapturedAnswer(sub);
    await writer.append(snap.task.paths.answers, answer);
    log(`stored the answer of ${answer.workerId} for item ${answer.datasetObjectId} in ${relative(process.cwd(), snap.task.paths.answers) || snap.task.paths.answers}`);
    return { task: snap.task, stored: (await readAnswers(snap.task.paths.answers)).answers.filter((a) => a.datasetObjectId === item.id) };
  };

  let port = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      log(`refused a connection from ${req.socket.remoteAddress ?? 'an unknown address'}: the preview only answers this machine`);
      send(res, 403, text, 'the preview only answers connections from this machine (loopback)', { connection: 'close' });
      req.socket.destroy();
      return;
    }
    if (!isLocalHost(req.headers.host, port)) return send(res, 421, text, `open the preview as http://127.0.0.1:${port}/`);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (method === 'POST' && (path === '/__gtkit/answers' || path === '/__gtkit/capture')) {
      if (!isSameOrigin(req.headers.origin, port)) return sendJson(res, 403, { error: 'answers are only taken from the preview’s own pages' });
      const body = await readBody(req, maxAnswerBytes);
      if (path === '/__gtkit/answers') {
        const { stored } = await store(parseJsonSubmission(body));
        return sendJson(res, 200, { stored });
      }
      const sub = parseFormSubmission(body, req.headers['content-type'], url.searchParams);
      await store(sub);
      const back = `/item/${encodeURIComponent(sub.datasetObjectId)}?${new URLSearchParams({ worker: sub.workerId, stored: '1' })}`;
      res.writeHead(303, { location: back, 'cache-control': 'no-store' });
      return void res.end();
    }
    // The raw path, before URL parsing folds `..` away: the file check judges what was asked.
    const rawPath = (req.url ?? '/').split(/[?#]/)[0] ?? '/';
    if (rawPath.startsWith(s3Layout.route) && (method === 'GET' || method === 'HEAD')) {
      return serveS3Object(join(taskDir, s3Layout.folder), rawPath.slice(s3Layout.route.length), method, res, req.headers['if-none-match']);
    }
    if (path === '/__gtkit/answers' || path === '/__gtkit/capture') return send(res, 405, text, `${path} takes the answers a page POSTs`, { allow: 'POST' });
    if (method !== 'GET') return send(res, 405, text, `${method} ${path}: the preview takes GET here`, { allow: 'GET' });

    switch (path) {
      case '/__gtkit/events':
        return hub.attach(req, res);
      case '/__gtkit/client.js':
        return sendAsset(res, url, javascript, clientScript, clientScriptUrl);
      case standInRoutes.script:
        return sendAsset(res, url, javascript, standIns.code, standIns.url);
      case standInRoutes.style:
        return send(res, 200, 'text/css; charset=utf-8', '/* gtkit stand-ins style themselves */\n');
      case '/favicon.ico':
        res.writeHead(204);
        return void res.end();
      case '/':
        return sendIndex(res, await current);
    }
    const item = /^\/item\/([^/]+)$/.exec(path);
    if (item) return sendItem(res, await current, safeDecode(item[1] ?? ''), url);
    return send(res, 404, text, `${path}: not found; the items are listed at /`);
  };

  const sendIndex = async (res: ServerResponse, snap: TaskSnapshot) => {
    if (snap.fatal || !snap.task) return send(res, 500, html, errorPage({ title: fatalTitle(snap.fatal), problems: snap.fatal ?? [], base: taskDir }));
    const counts = new Map<string, number>();
    for (const a of (await readAnswers(snap.task.paths.answers)).answers) counts.set(a.datasetObjectId, (counts.get(a.datasetObjectId) ?? 0) + 1);
    const rows: IndexRow[] = snap.items.map((i) => ({
      id: i.id, lineNumber: i.lineNumber, source: i.source, answers: counts.get(i.id) ?? 0,
      ...(i.isHumanAnnotationRequired !== undefined ? { isHumanAnnotationRequired: i.isHumanAnnotationRequired } : {}),
      ...(i.taskInput ? { taskInput: i.taskInput } : {}),
      ...(i.problem ? { problem: i.problem } : {}),
    }));
    const problems = [...(snap.templateProblem ? [snap.templateProblem] : []), ...snap.lintErrors, ...snap.manifestProblems];
    send(res, 200, html, indexPage({ jobName: snap.task.config.jobName, base: taskDir, manifestFile: relative(taskDir, snap.task.paths.manifest), rows, problems, warnings: snap.lintWarnings, mode }));
  };

  const sendItem = async (res: ServerResponse, snap: TaskSnapshot, id: string, url: URL) => {
    const fail = (status: number, title: string, problems: PreviewProblem[], renderAnyway?: string) =>
      send(res, status, html, errorPage({ title, problems, base: taskDir, ...(renderAnyway ? { renderAnyway } : {}) }));
    if (snap.fatal || !snap.task) return fail(500, fatalTitle(snap.fatal), snap.fatal ?? []);
    const task = snap.task;
    const item = snap.items.find((i) => i.id === id);
    if (!item) return fail(404, `No item ${id}`, [{ stage: 'manifest', file: task.paths.manifest, line: 1, column: 1, message: `the manifest has ${snap.items.length} line(s), numbered from 0; see the index` }]);
    if (item.problem) return fail(500, `The PRE failed on manifest line ${item.lineNumber}`, [item.problem]);
    if (snap.templateProblem || !snap.template) return fail(500, 'The template does not compile', snap.templateProblem ? [snap.templateProblem] : []);
    const lintOff = url.searchParams.get('lint') === 'off';
    if (snap.lintErrors.length && !lintOff) {
      const anyway = new URL(url);
      anyway.searchParams.set('lint', 'off');
      return fail(500, 'The template has lint errors', snap.lintErrors, `${anyway.pathname}${anyway.search}`);
    }
    let rendered: string;
    try {
      rendered = await snap.template.render(item.taskInput ?? {});
    } catch (error) {
      return fail(500, `The template could not be rendered for item ${item.id}`, [{ ...fromError('template', task.paths.template, error), while: `task.input from manifest line ${item.lineNumber}` }]);
    }
    const notes: string[] = [];
    if (!item.isHumanAnnotationRequired) notes.push('The PRE returned isHumanAnnotationRequired: false for this line: Ground Truth would not show it to workers, so submitting is refused.');
    if (!loadsCrowdScript(rendered)) notes.push('The template loads no https://assets.crowd.aws/crowd-html-elements.js, so its crowd-* elements stay inert (add the script tag, as Ground Truth templates must).');
    if (lintOff && snap.lintErrors.length) notes.push(`Shown despite ${snap.lintErrors.length} lint error(s).`);
    const stored = (await readAnswers(task.paths.answers)).answers.filter((a) => a.datasetObjectId === item.id);
    const workers = snap.items.filter((i) => i.isHumanAnnotationRequired && !i.problem);
    const requested = url.searchParams.get('worker');
    let worker = defaultWorkerId;
    if (requested) {
      try {
        worker = checkWorkerId(requested);
      } catch {
        notes.push(`worker id ${JSON.stringify(requested.slice(0, 80))} is not valid (letters, digits and . _ : @ -); using ${defaultWorkerId}.`);
      }
    }
    send(res, 200, html, itemPage({
      jobName: task.config.jobName, id: item.id, lineNumber: item.lineNumber, position: workers.indexOf(item) + 1, count: workers.length,
      ...neighbours(snap.items, item),
      worker, html: mode.kind === 'amazon' ? rendered : useStandIns(rendered, standIns.url), mode, stored, notes, warnings: snap.lintWarnings, base: taskDir,
    }));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) {
        // An unread body (413) is not worth reading: answer, then close the connection.
        if (error.status === 413) res.once('finish', () => req.socket.destroySoon?.() ?? req.socket.end());
        return send(res, error.status, 'application/json; charset=utf-8', JSON.stringify({ error: error.message }), error.status === 413 ? { connection: 'close' } : {});
      }
      log(`internal error on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      send(res, 500, html, errorPage({ title: 'The preview hit an internal error', problems: [{ stage: 'config', file: 'gtkit preview', line: 1, column: 1, message: (error as Error).stack ?? String(error), hint: 'please report this with the steps that led to it' }], base: taskDir }));
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    watcher?.close();
    throw error.code === 'EADDRINUSE' ? new CliError(`port ${options.port} on 127.0.0.1 is in use; pick another with --port, or leave it out for a free one`) : error;
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    crowdScript: mode,
    nextReload: () => new Promise<string>((resolveReload) => waiters.push(resolveReload)),
    snapshot: () => current,
    async close() {
      watcher?.close();
      hub.close();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}

function fatalTitle(problems: PreviewProblem[] | undefined): string {
  const titles: Record<string, string> = { config: 'The task config does not load', manifest: 'The manifest cannot be read', pre: 'The PRE code does not load' };
  return titles[problems?.[0]?.stage ?? ''] ?? 'The task cannot be previewed';
}

function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * Serves one of the preview's own scripts. Asked for by its versioned URL, it may be cached for
 * good (the version changes with the content); asked for without, it is revalidated every time.
 */
function sendAsset(res: ServerResponse, url: URL, type: string, body: string, versionedUrl: string): void {
  const versioned = `${url.pathname}${url.search}` === versionedUrl;
  send(res, 200, type, body, { 'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache' });
}

/** The items workers would see just before and after this one, in manifest order. */
function neighbours(items: PreviewItem[], item: PreviewItem): { prev?: string; next?: string } {
  const shown = (i: PreviewItem | undefined) => i !== undefined && i.isHumanAnnotationRequired === true && !i.problem;
  const at = items.indexOf(item);
  const prev = items.slice(0, at).reverse().find(shown)?.id;
  const next = items.slice(at + 1).find(shown)?.id;
  return { ...(prev !== undefined ? { prev } : {}), ...(next !== undefined ? { next } : {}) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function describeSnapshot(snap: TaskSnapshot): string {
  if (snap.fatal) return `cannot preview (${snap.fatal.length} problem(s))`;
  const failed = snap.items.filter((i) => i.problem).length;
  return `${snap.items.length} item(s) through the PRE${failed ? `, ${failed} failed` : ''}${snap.templateProblem ? ', template does not compile' : ''}${snap.lintErrors.length ? `, ${snap.lintErrors.length} lint error(s)` : ''}`;
}

/** Local copies (default) or real presigned URLs; one S3 client per region. */
function resolverFactory(options: PreviewOptions): (task: LoadedTask) => PresignResolver {
  if (options.resolver) return () => options.resolver as PresignResolver;
  if (options.presign !== 'aws') {
    const local = localResolver(s3Layout.route);
    return () => local;
  }
  const byRegion = new Map<string, PresignResolver>();
  return (task) => {
    const region = task.config.region;
    let r = byRegion.get(region);
    if (!r) byRegion.set(region, (r = s3PresignResolver(new S3Client({ region }))));
    return r;
  };
}
