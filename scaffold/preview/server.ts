import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { buildCrowdElementsBundle } from '../../templates/elements/bundle.ts';
import { localResolver, s3PresignResolver, type PresignResolver } from '../../templates/engine/index.ts';
import { CliError } from '../cli/exit-codes.ts';
import { gtkitFolderName } from '../cli/make-folder.ts';
import { otherGtkitNote } from '../task/task-gtkit.ts';
import { resolveTaskConfigFile, type LoadedTask } from '../task/load-task.ts';
import { answerTarget } from './answer-target.ts';
import { AnswerWriter, parseFormSubmission, parseJsonSubmission, toCapturedAnswer, type Submission } from './capture.ts';
import { clientScript, clientScriptUrl } from './client-script.ts';
import { chooseCrowdScript, standInRoutes, type CrowdScriptMode } from './crowd-script.ts';
import { FreshPreLoader } from './fresh-pre.ts';
import { html, HttpError, isLocalHost, isLoopbackAddress, isSameOrigin, javascript, readBody, send, sendJson, text } from './http.ts';
import { LiveTask } from './live-task.ts';
import { maxPageErrorBytes, pageErrorCatcher, pageErrorCatcherRoute, pageErrorCatcherUrl, pageErrorLogLine, pageErrorRoute, parsePageErrorReport, placePageError } from './page-errors.ts';
import { indexResponse, itemResponse, storedAnswers, type PageContext } from './page-routes.ts';
import { errorPage } from './pages.ts';
import { ReloadHub } from './reload-hub.ts';
import { s3Layout } from '../task/local-s3-copies.ts';
import { serveS3Object } from './static-files.ts';
import type { TaskSnapshot } from './task-snapshot.ts';
import { decodedOrAsWritten, shownPath } from '../cli/paths.ts';

export { defaultWorkerId } from './page-routes.ts';

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
  /** Quiet time after a file event before the task is reloaded (default 25 ms). */
  debounceMs?: number;
  log?: (line: string) => void;
}

export interface PreviewServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  crowdScript: CrowdScriptMode;
  /** Resolves with the changed files once a change has been picked up and open pages were told to reload. */
  nextReload(): Promise<string>;
  /** The state the pages are rendered from (after any pending change). */
  snapshot(): Promise<TaskSnapshot>;
  close(): Promise<void>;
}

/** A segmentation answer carries a base64 PNG: allow big answers, but not unbounded ones. */
const maxAnswerBytes = 32 * 1024 * 1024;
const answerRoutes = new Set(['/__gtkit/answers', '/__gtkit/capture']);

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
  const otherGtkit = otherGtkitNote(taskDir);
  if (otherGtkit) log(`note: ${otherGtkit}`);
  const mode = await chooseCrowdScript({ ...(options.offline ? { offline: true } : {}), ...(options.probeCrowdScript ? { probe: options.probeCrowdScript } : {}) });
  // Built once; its URL carries a content hash so a reloading page keeps it from its cache.
  const standInsCode = await buildCrowdElementsBundle();
  const standIns = { code: standInsCode, url: `${standInRoutes.script}?v=${contentHash(standInsCode)}` };
  const pages: PageContext = { taskDir, mode, standInsUrl: standIns.url };
  const hub = new ReloadHub();
  const writer = new AnswerWriter();
  // The PRE's loader makes it (0700, with .gtkit) before the one write there, and says when it cannot.
  const preScratch = join(taskDir, gtkitFolderName, 'preview');
  const live = await LiveTask.start({
    configFile,
    taskDir,
    deps: { preLoader: new FreshPreLoader(preScratch), resolverFor: resolverFactory(options) },
    ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
    log,
    onReload(files, snapshot, ms, version) {
      hub.reload(files, version);
      log(`${files || 'task'} changed: ${describeSnapshot(snapshot)} (${Math.round(ms)} ms), reload sent to ${hub.size} browser(s)`);
    },
  });

  /** Stores one submission for the item whose data the page showed; returns that item's id and its stored answers. */
  const store = async (sub: Submission): Promise<{ id: string; moved: boolean; stored: unknown[] }> => {
    const snap = await live.current();
    if (!snap.task) throw new HttpError(409, 'the task does not load; fix it before submitting');
    const { item, moved } = answerTarget(snap.items, sub);
    const answer = toCapturedAnswer({ ...sub, datasetObjectId: item.id }, item.source);
    const file = snap.task.paths.answers;
    await writer.append(file, answer);
    const from = moved ? ` (its page showed it as item ${sub.datasetObjectId}, before a manifest edit moved that data)` : '';
    log(`stored the answer of ${answer.workerId} for item ${answer.datasetObjectId}${from} in ${shownPath(file)}`);
    return { id: item.id, moved, stored: (await storedAnswers(snap, file)).get(item.id) ?? [] };
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

    if (answerRoutes.has(path)) {
      if (method !== 'POST') return send(res, 405, text, `${path} takes the answers a page POSTs`, { allow: 'POST' });
      if (!isSameOrigin(req.headers.origin, port)) return sendJson(res, 403, { error: 'answers are only taken from the preview’s own pages' });
      const body = await readBody(req, maxAnswerBytes);
      if (path === '/__gtkit/answers') {
        const { id, moved, stored } = await store(parseJsonSubmission(body));
        return sendJson(res, 200, { datasetObjectId: id, ...(moved ? { moved: true } : {}), stored });
      }
      // Amazon's crowd-form posted natively: send the browser to the item it was stored for, which shows what is stored.
      const sub = parseFormSubmission(body, req.headers['content-type'], url.searchParams);
      const { id, moved } = await store(sub);
      res.writeHead(303, { location: `/item/${encodeURIComponent(id)}?${new URLSearchParams({ worker: sub.workerId, stored: '1', ...(moved ? { 'moved-from': sub.datasetObjectId } : {}) })}`, 'cache-control': 'no-store' });
      return void res.end();
    }
    if (path === pageErrorRoute) {
      if (method !== 'POST') return send(res, 405, text, `${path} takes the script errors a page POSTs`, { allow: 'POST' });
      if (!isSameOrigin(req.headers.origin, port)) return sendJson(res, 403, { error: 'page errors are only taken from the preview’s own pages' });
      const report = parsePageErrorReport(await readBody(req, maxPageErrorBytes));
      const at = await placePageError(await live.current(), report, taskDir);
      log(pageErrorLogLine(report, at));
      return sendJson(res, 200, at);
    }
    // The raw path, before URL parsing folds `..` away: the file check judges what was asked.
    const rawPath = (req.url ?? '/').split(/[?#]/)[0] ?? '/';
    if (rawPath.startsWith(s3Layout.route) && (method === 'GET' || method === 'HEAD')) {
      return serveS3Object(join(taskDir, s3Layout.folder), rawPath.slice(s3Layout.route.length), method, res, req.headers['if-none-match']);
    }
    if (method !== 'GET') return send(res, 405, text, `${method} ${path}: the preview takes GET here`, { allow: 'GET' });

    switch (path) {
      case '/__gtkit/events':
        return hub.attach(req, res);
      case '/__gtkit/client.js':
        return sendAsset(res, url, javascript, clientScript, clientScriptUrl);
      case pageErrorCatcherRoute:
        return sendAsset(res, url, javascript, pageErrorCatcher, pageErrorCatcherUrl);
      case standInRoutes.script:
        return sendAsset(res, url, javascript, standIns.code, standIns.url);
      case standInRoutes.style:
        return send(res, 200, 'text/css; charset=utf-8', '/* gtkit stand-ins style themselves */\n');
      case '/favicon.ico':
        res.writeHead(204);
        return void res.end();
      case '/': {
        const { snapshot, version } = await live.currentVersion();
        const page = await indexResponse(snapshot, { ...pages, state: hub.stateOf(version) }, url);
        return send(res, page.status, html, page.html);
      }
    }
    const item = /^\/item\/([^/]+)$/.exec(path);
    if (item) {
      const { snapshot, version } = await live.currentVersion();
      const page = await itemResponse(snapshot, decodedOrAsWritten(item[1] ?? ''), url, { ...pages, state: hub.stateOf(version) });
      return send(res, page.status, html, page.html);
    }
    return send(res, 404, text, `${path}: not found; the items are listed at /`);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) {
        // An unread body (413) is not worth reading: answer, then close the connection.
        // The socket is taken now: by 'finish' the request may have let go of it (req.socket is null then).
        const socket = req.socket as Socket | null;
        if (error.status === 413) res.once('finish', () => socket?.destroySoon());
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
    live.close();
    throw error.code === 'EADDRINUSE' ? new CliError(`port ${options.port} on 127.0.0.1 is in use; pick another with --port, or leave it out for a free one`) : error;
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    crowdScript: mode,
    nextReload: () => live.nextReload(),
    snapshot: () => live.current(),
    async close() {
      live.close();
      hub.close();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
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

function describeSnapshot(snap: TaskSnapshot): string {
  if (snap.fatal) return `cannot preview (${snap.fatal.length} problem(s))`;
  const failed = snap.items.filter((i) => i.problem).length;
  const skipped = snap.items.filter((i) => i.skipped).length;
  return `${snap.items.length} item(s) through the PRE${failed ? `, ${failed} failed` : ''}${skipped ? `, ${skipped} kept from workers (onInvalidDataObject: 'skip')` : ''}${snap.templateProblem ? ', template does not compile' : ''}${snap.lintErrors.length ? `, ${snap.lintErrors.length} lint error(s)` : ''}`;
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
