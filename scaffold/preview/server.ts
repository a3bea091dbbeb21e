import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parsePreResponse } from '../../lambdas/contracts/pre.ts';
import { createLambdaContext } from '../../lambdas/testing/context.ts';
import { buildPreEvent } from '../../lambdas/testing/events.ts';
import { buildCrowdElementsBundle } from '../../templates/elements/bundle.ts';
import { compileTemplate, localResolver, s3PresignResolver, type PresignResolver } from '../../templates/engine/index.ts';
import { crowdScriptUrls } from '../../templates/elements/spec.ts';
import { appendAnswer, readAnswers } from '../run/answers-file.ts';
import { readManifest } from '../run/manifest.ts';
import { importHandler } from '../task/load-handlers.ts';
import { loadTask, type LoadedTask } from '../task/load-task.ts';
import { clientScript, errorPage, indexPage, itemPage, type IndexRow } from './pages.ts';
import { serveS3Object } from './static-files.ts';

export interface PreviewOptions {
  dir: string;
  port?: number;
  /** Use gtkit's stand-ins without trying Amazon's script. */
  offline?: boolean;
  /** `aws`: real presigned URLs (needs credentials); default: the task's local `s3/` folder. */
  presign?: 'local' | 'aws';
  /** Checks whether Amazon's element script is reachable (injectable for tests). */
  probeCrowdScript?: () => Promise<boolean>;
  log?: (line: string) => void;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
  /** Resolves after the next change has been picked up (tests and the bench wait on it). */
  nextReload(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

async function probeAmazonScript(): Promise<boolean> {
  try {
    const res = await fetch(crowdScriptUrls[0], { method: 'HEAD', signal: AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}

interface Item {
  id: string;
  line: number;
  source: string;
  taskInput?: object;
  human?: boolean;
  error?: string;
}

/**
 * The preview: a node:http server on 127.0.0.1 that renders the task's template for each
 * manifest line through its PRE, serves the local S3 copies, captures submitted answers into
 * answers.jsonl, and reloads open pages when a file of the task changes.
 */
export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const log = options.log ?? (() => undefined);
  let task: LoadedTask = await loadTask(options.dir);
  const useReal = !options.offline && (await (options.probeCrowdScript ?? probeAmazonScript)());
  const scriptMode = useReal ? "Amazon's crowd-html-elements.js" : 'offline: gtkit stand-ins for the Crowd HTML Elements';
  const resolver: PresignResolver = options.presign === 'aws' ? s3PresignResolver() : localResolver('/__s3/');
  let items: Item[] | undefined;
  let problem: string | undefined;

  // Re-runs the PRE on every manifest line (fresh imports, so edits apply without a restart).
  const refresh = async (): Promise<Item[]> => {
    if (items) return items;
    task = await loadTask(options.dir);
    const manifest = await readManifest(task.paths.manifest);
    const pre = await importHandler(task.paths.pre);
    const out: Item[] = [];
    for (const line of manifest.lines) {
      const source = String(line.dataObject['source-ref'] ?? line.dataObject.source ?? '');
      try {
        const response = parsePreResponse(JSON.parse(JSON.stringify((await pre(buildPreEvent(line.dataObject), createLambdaContext())) ?? null)));
        out.push({ id: line.datasetObjectId, line: line.lineNumber, source, taskInput: response.taskInput, human: response.isHumanAnnotationRequired });
      } catch (error) {
        out.push({ id: line.datasetObjectId, line: line.lineNumber, source, error: (error as Error).message });
      }
    }
    problem = manifest.problems.map((p) => p.message).join('\n') || undefined;
    items = out;
    return out;
  };

  const clients = new Set<ServerResponse>();
  let waiters: Array<() => void> = [];
  const broadcast = () => {
    items = undefined;
    for (const c of clients) c.write('event: reload\ndata: {}\n\n');
    for (const w of waiters) w();
    waiters = [];
  };

  const renderItem = async (item: Item, worker: string, all: Item[]): Promise<string> => {
    const source = await readFile(task.paths.template, 'utf8');
    const html = await compileTemplate(source, { file: task.paths.template, resolver }).render(item.taskInput ?? {});
    const withScript = useReal ? html : html.replaceAll(crowdScriptUrls[0], '/__gtkit/crowd-elements.js').replaceAll(crowdScriptUrls[1], '/__gtkit/crowd-elements.js');
    const humans = all.filter((i) => i.human && !i.error);
    const at = humans.findIndex((i) => i.id === item.id);
    const stored = (await readAnswers(task.paths.answers)).answers.filter((a) => a.datasetObjectId === item.id);
    return itemPage({ id: item.id, position: `${at + 1} of ${humans.length}`, ...(humans[at - 1] ? { prev: humans[at - 1]?.id as string } : {}), ...(humans[at + 1] ? { next: humans[at + 1]?.id as string } : {}), worker, html: withScript, scriptMode, stored });
  };

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!loopback.has(req.socket.remoteAddress ?? '')) {
      res.writeHead(403).end('the preview only answers this machine');
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path === '/__gtkit/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (path === '/__gtkit/client.js') return send(res, 200, 'application/javascript; charset=utf-8', clientScript);
    if (path === '/__gtkit/crowd-elements.js') return send(res, 200, 'application/javascript; charset=utf-8', await buildCrowdElementsBundle());
    if (path.startsWith('/__s3/')) return serveS3Object(join(task.dir, 's3'), path.slice('/__s3/'.length), res);
    if (path === '/__gtkit/answers' && req.method === 'POST') {
      const body = await readBody(req);
      let parsed: { datasetObjectId?: unknown; workerId?: unknown; answerContent?: unknown; acceptanceTime?: unknown };
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ error: 'not valid JSON' }));
      }
      const all = await refresh();
      const id = String(parsed.datasetObjectId ?? '');
      const worker = typeof parsed.workerId === 'string' && /^[\w.:@-]{1,128}$/.test(parsed.workerId) ? parsed.workerId : undefined;
      if (!all.some((i) => i.id === id && i.human)) return send(res, 400, 'application/json', JSON.stringify({ error: `no item ${id} for workers` }));
      if (!worker) return send(res, 400, 'application/json', JSON.stringify({ error: 'workerId: letters, digits and . _ : @ - only, 1–128 characters' }));
      if (typeof parsed.answerContent !== 'object' || parsed.answerContent === null || Array.isArray(parsed.answerContent)) return send(res, 400, 'application/json', JSON.stringify({ error: 'answerContent must be an object' }));
      const now = new Date();
      const accepted = typeof parsed.acceptanceTime === 'string' ? parsed.acceptanceTime : now.toISOString();
      await appendAnswer(task.paths.answers, {
        datasetObjectId: id,
        workerId: worker,
        answerContent: parsed.answerContent as Record<string, unknown>,
        acceptanceTime: accepted,
        submissionTime: now.toISOString(),
        timeSpentInSeconds: Math.max(0, (now.getTime() - Date.parse(accepted)) / 1000),
      });
      log(`stored an answer for item ${id} from ${worker}`);
      const stored = (await readAnswers(task.paths.answers)).answers.filter((a) => a.datasetObjectId === id);
      return send(res, 200, 'application/json', JSON.stringify({ stored }));
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    let all: Item[];
    try {
      all = await refresh();
    } catch (error) {
      return send(res, 500, 'text/html; charset=utf-8', errorPage('The task could not be loaded', (error as Error).message));
    }
    if (path === '/') {
      const counts = new Map<string, number>();
      for (const a of (await readAnswers(task.paths.answers)).answers) counts.set(a.datasetObjectId, (counts.get(a.datasetObjectId) ?? 0) + 1);
      const rows: IndexRow[] = all.map((i) => ({ id: i.id, line: i.line, source: i.source, ...(i.human !== undefined ? { human: i.human } : {}), ...(i.taskInput ? { taskInput: i.taskInput } : {}), ...(i.error ? { error: i.error } : {}), answers: counts.get(i.id) ?? 0 }));
      return send(res, 200, 'text/html; charset=utf-8', indexPage(task.config.jobName, rows, problem ? [problem] : [], scriptMode));
    }
    const match = /^\/item\/([^/]+)$/.exec(path);
    if (match) {
      const item = all.find((i) => i.id === decodeURIComponent(match[1] ?? ''));
      if (!item) return send(res, 404, 'text/html; charset=utf-8', errorPage('No such item', `${path}: the manifest has no line with this id`));
      if (item.error) return send(res, 500, 'text/html; charset=utf-8', errorPage(`The PRE failed on ${task.paths.manifest}:${item.line}`, item.error));
      try {
        return send(res, 200, 'text/html; charset=utf-8', await renderItem(item, url.searchParams.get('worker') ?? 'preview-worker-1', all));
      } catch (error) {
        return send(res, 500, 'text/html; charset=utf-8', errorPage('The template could not be rendered', (error as Error).message));
      }
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) send(res, 500, 'text/html; charset=utf-8', errorPage('Internal error', (error as Error).stack ?? String(error)));
      else res.end();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;

  // Live reload: any change in the task folder (but its build output and installs) reloads.
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(task.dir, { recursive: true }, (_event, file) => {
    const name = String(file ?? '');
    if (name.startsWith('.gtkit') || name.startsWith('node_modules') || name === 'answers.jsonl') return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      log(`changed: ${name}; reloading`);
      broadcast();
    }, 30);
  });

  return {
    url: `http://127.0.0.1:${port}/`,
    nextReload: () => new Promise<void>((r) => waiters.push(r)),
    async close() {
      watcher.close();
      clearTimeout(timer);
      for (const c of clients) c.end();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
    },
  };
}

async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
