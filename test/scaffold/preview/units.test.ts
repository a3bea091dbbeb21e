import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWorkerId, parseFormSubmission, parseJsonSubmission, parseTaskAnswers, toCapturedAnswer } from '../../../scaffold/preview/capture.ts';
import { chooseCrowdScript, describeCrowdScript, isCrowdScriptReachable, loadsCrowdScript, standInRoutes, useStandIns } from '../../../scaffold/preview/crowd-script.ts';
import { HttpError, isLocalHost, isLoopbackAddress, isSameOrigin } from '../../../scaffold/preview/http.ts';
import { errorPage, indexPage, itemPage } from '../../../scaffold/preview/pages.ts';
import { formatProblem, fromError } from '../../../scaffold/preview/problem.ts';
import { resolveS3Object } from '../../../scaffold/task/local-s3-copies.ts';
import { missingLocalCopies } from '../../../scaffold/preview/static-files.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { TaskConfigError } from '../../../scaffold/cli/exit-codes.ts';
import { taskConfigFindings } from '../../../scaffold/config/config-findings.ts';
import { isRelevantChange } from '../../../scaffold/preview/watch-task.ts';
import { parsePort } from '../../../scaffold/commands/preview.ts';
import { clientScript } from '../../../scaffold/preview/client-script.ts';

const status = (fn: () => unknown): number | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
  return undefined;
};

describe('peer, host and origin checks', () => {
  it('accepts loopback peers only', () => {
    for (const a of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of [undefined, '', '192.0.2.2', '10.0.0.1', '::ffff:10.0.0.1', 'fd00::2', 'fe80::1', '128.0.0.1', '127.0.0.1.evil', '127.0.0.1 ', 'localhost', '::', '0.0.0.0', '1::1']) expect(isLoopbackAddress(a), String(a)).toBe(false);
  });

  it('takes only its own loopback names in Host (no DNS rebinding)', () => {
    expect(isLocalHost('127.0.0.1:4000', 4000)).toBe(true);
    expect(isLocalHost('LOCALHOST:4000', 4000)).toBe(true);
    expect(isLocalHost('[::1]:4000', 4000)).toBe(true);
    for (const h of [undefined, '', '127.0.0.1', '127.0.0.1:4001', 'evil.example:4000', 'localhost.evil.example:4000', '127.0.0.1:4000.evil']) expect(isLocalHost(h, 4000), String(h)).toBe(false);
    // On port 80 a browser sends Host and Origin without the port.
    for (const h of ['127.0.0.1', 'localhost', '[::1]', '127.0.0.1:80']) expect(isLocalHost(h, 80), h).toBe(true);
    expect(isSameOrigin('http://127.0.0.1', 80)).toBe(true);
    expect(isLocalHost('evil.example', 80)).toBe(false);
  });

  it('takes writes only from its own origin, or from no browser at all', () => {
    expect(isSameOrigin(undefined, 4000)).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:4000', 4000)).toBe(true);
    for (const o of ['null', 'http://evil.example', 'http://127.0.0.1:4001', 'https://127.0.0.1:4000', '']) expect(isSameOrigin(o, 4000), o).toBe(false);
  });
});

describe('answer capture parsing', () => {
  const now = new Date('2026-11-23T10:00:30.000Z');
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));

  it('reads the stand-ins’ JSON post', () => {
    const sub = parseJsonSubmission(json({ datasetObjectId: '3', workerId: 'alice', answerContent: { category: { label: 'refund' } }, acceptanceTime: '2026-11-23T10:00:00.000Z' }), now);
    expect(sub).toEqual({ datasetObjectId: '3', workerId: 'alice', answerContent: { category: { label: 'refund' } }, acceptanceTime: '2026-11-23T10:00:00.000Z' });
    // The digest of the line's data: the first 16 hex digits of the SHA-256 of its source-ref or source.
    expect(toCapturedAnswer(sub, 's3://bucket/a.txt', now)).toEqual({ ...sub, submissionTime: '2026-11-23T10:00:30.000Z', timeSpentInSeconds: 30, sourceDigest: createHash('sha256').update('s3://bucket/a.txt').digest('hex').slice(0, 16) });
    expect(parseJsonSubmission(json({ datasetObjectId: 7, workerId: 'w', answerContent: {} }), now).datasetObjectId).toBe('7');
  });

  it('refuses malformed, empty and hostile JSON posts with a 400 that says why', () => {
    for (const body of ['', 'nul', '[]', 'null', '"x"', '{"datasetObjectId":"0","workerId":"w"}', '{"datasetObjectId":"0","workerId":"w","answerContent":[]}', '{"datasetObjectId":"0","workerId":"w","answerContent":"{}"}', '{"datasetObjectId":"../0","workerId":"w","answerContent":{}}', '{"datasetObjectId":"0","workerId":"../../etc","answerContent":{}}', '{"datasetObjectId":"0","workerId":"<script>","answerContent":{}}', '{"datasetObjectId":-1,"workerId":"w","answerContent":{}}', `{"datasetObjectId":"0","workerId":"${'w'.repeat(129)}","answerContent":{}}`]) {
      expect(status(() => parseJsonSubmission(Buffer.from(body), now)), body).toBe(400);
    }
  });

  it('ignores acceptance times that are not real or lie in the future', () => {
    for (const t of ['yesterday', '2099-01-01T00:00:00Z', 12, 'x'.repeat(100)]) {
      expect(parseJsonSubmission(json({ datasetObjectId: '0', workerId: 'w', answerContent: {}, acceptanceTime: t }), now).acceptanceTime, String(t)).toBeUndefined();
    }
    expect(toCapturedAnswer({ datasetObjectId: '0', workerId: 'w', answerContent: {} }, 'text', now).timeSpentInSeconds).toBe(0);
  });

  it('reads crowd-form’s taskAnswers, urlencoded or multipart, taking element [0]', () => {
    const q = new URLSearchParams({ item: '2', worker: 'bob', accepted: '2026-11-23T10:00:00Z' });
    const answers = JSON.stringify([{ category: { label: 'other' }, comment: 'a & b = c' }]);
    const url = parseFormSubmission(Buffer.from(new URLSearchParams({ taskAnswers: answers }).toString()), 'application/x-www-form-urlencoded', q, now);
    expect(url).toEqual({ datasetObjectId: '2', workerId: 'bob', answerContent: { category: { label: 'other' }, comment: 'a & b = c' }, acceptanceTime: '2026-11-23T10:00:00.000Z' });
    const boundary = '----gtkitBoundary42';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--${boundary}\r\nContent-Disposition: form-data; name="taskAnswers"\r\n\r\n${answers}\r\n--${boundary}--\r\n`;
    expect(parseFormSubmission(Buffer.from(multipart), `multipart/form-data; boundary=${boundary}`, q, now)).toEqual(url);
  });

  it('refuses forms without a usable taskAnswers', () => {
    const q = new URLSearchParams({ item: '0', worker: 'w' });
    const form = (v: string) => Buffer.from(new URLSearchParams({ taskAnswers: v }).toString());
    for (const v of ['', '{}', '[]', '[1]', '[null]', '[[]]', 'not json', '"[{}]"']) expect(status(() => parseFormSubmission(form(v), 'application/x-www-form-urlencoded', q, now)), v).toBe(400);
    expect(status(() => parseFormSubmission(Buffer.from('a=1'), 'application/x-www-form-urlencoded', q, now))).toBe(400);
    expect(status(() => parseFormSubmission(form('[{}]'), 'text/plain', q, now))).toBe(415);
    expect(status(() => parseFormSubmission(form('[{}]'), undefined, q, now))).toBe(415);
    expect(status(() => parseFormSubmission(Buffer.from('x'), 'multipart/form-data', q, now))).toBe(400);
    expect(status(() => parseFormSubmission(form('[{}]'), 'application/x-www-form-urlencoded', new URLSearchParams({ item: '0' }), now))).toBe(400);
    expect(parseTaskAnswers('[{"a":1},{"b":2}]')).toEqual({ a: 1 });
  });

  it('handles a huge answer without trouble', () => {
    const big = { labeledImage: { pngImageData: 'A'.repeat(5_000_000) } };
    expect(parseJsonSubmission(json({ datasetObjectId: '0', workerId: 'w', answerContent: big }), now).answerContent).toEqual(big);
    expect(checkWorkerId('private.us-east-1.ABCDEF0123456789')).toBe('private.us-east-1.ABCDEF0123456789');
  });
});

describe('crowd script choice', () => {
  it('skips the check with --offline', async () => {
    let probed = false;
    expect(await chooseCrowdScript({ offline: true, probe: async () => (probed = true) })).toEqual({ kind: 'stand-ins', reason: 'offline' });
    expect(probed).toBe(false);
  });

  it('uses Amazon’s script when reachable, the stand-ins when not, and a failing probe counts as not', async () => {
    expect(await chooseCrowdScript({ probe: async () => true })).toEqual({ kind: 'amazon' });
    expect(await chooseCrowdScript({ probe: async () => false })).toEqual({ kind: 'stand-ins', reason: 'unreachable' });
    expect(await chooseCrowdScript({ probe: () => Promise.reject(new Error('boom')) })).toEqual({ kind: 'stand-ins', reason: 'unreachable' });
    expect(describeCrowdScript({ kind: 'stand-ins', reason: 'unreachable' })).toContain('not reachable');
    expect(describeCrowdScript({ kind: 'stand-ins', reason: 'offline' })).toContain('--offline');
  });

  it('never waits on the network longer than its timeout, even when fetch ignores the abort', async () => {
    const hanging = (() => new Promise<Response>(() => undefined)) as unknown as typeof fetch;
    expect(await isCrowdScriptReachable('https://assets.crowd.aws/crowd-html-elements.js', 50, hanging)).toBe(false);
    const failing = (() => Promise.reject(new TypeError('fetch failed'))) as unknown as typeof fetch;
    expect(await isCrowdScriptReachable(undefined, 50, failing)).toBe(false);
    const notFound = (async () => new Response(null, { status: 404 })) as unknown as typeof fetch;
    expect(await isCrowdScriptReachable(undefined, 50, notFound)).toBe(false);
    const ok = (async () => new Response(null, { status: 200 })) as unknown as typeof fetch;
    expect(await isCrowdScriptReachable(undefined, 50, ok)).toBe(true);
  });

  it('points only Amazon’s script and style tags at the stand-ins, leaving the rest byte for byte', () => {
    const template = `<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>\n<SCRIPT defer src='https://assets.crowd.aws/crowd-html-elements-v2.js'></SCRIPT><link rel="stylesheet" href="https://assets.crowd.aws/css/crowd-html-elements-v2.css"><p>see https://assets.crowd.aws/crowd-html-elements.js</p><script src="https://example.com/x.js"></script>`;
    const out = useStandIns(template);
    expect(out).toBe(`<script src="${standInRoutes.script}"></script>\n<SCRIPT defer src='${standInRoutes.script}'></SCRIPT><link rel="stylesheet" href="${standInRoutes.style}"><p>see https://assets.crowd.aws/crowd-html-elements.js</p><script src="https://example.com/x.js"></script>`);
    expect(loadsCrowdScript(template)).toBe(true);
    expect(loadsCrowdScript(template)).toBe(true); // no regex state left behind
    expect(loadsCrowdScript('<crowd-form></crowd-form>')).toBe(false);
    expect(useStandIns('')).toBe('');
  });
});

describe('local S3 copies', () => {
  let root: string;
  let s3: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gtkit-s3-'));
    s3 = join(root, 'task', 's3');
    await mkdir(join(s3, 'bucket', 'images'), { recursive: true });
    await writeFile(join(s3, 'bucket', 'images', 'a b.png'), 'png');
    await writeFile(join(root, 'task', 'secret.txt'), 'secret');
    await writeFile(join(root, 'outside.txt'), 'outside');
    await symlink(join(root, 'outside.txt'), join(s3, 'bucket', 'link-out.txt'));
    await symlink(join(root, 'task'), join(s3, 'bucket', 'dir-out'));
    await symlink(join(s3, 'bucket', 'images', 'a b.png'), join(s3, 'bucket', 'link-in.png'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('maps bucket/key to the file, URL-encoded keys included', async () => {
    expect(await resolveS3Object(s3, 'bucket/images/a%20b.png')).toBe(join(s3, 'bucket', 'images', 'a b.png'));
    expect(await resolveS3Object(s3, 'bucket/link-in.png')).toBe(join(s3, 'bucket', 'images', 'a b.png'));
  });

  it('refuses traversal, folders, links out, NUL and junk', async () => {
    const hostile = ['', 'bucket', 'bucket/', 'bucket/images', 'bucket/images/', '../secret.txt', '..%2fsecret.txt', '%2e%2e/secret.txt', 'bucket/%2e%2e/%2e%2e/secret.txt', 'bucket/..%5c..%5csecret.txt', 'bucket/./images/a%20b.png', '%00', 'bucket/images/a%20b.png%00.txt', '%', '%zz', 'bucket/link-out.txt', 'bucket/dir-out/secret.txt', `bucket/${'a/'.repeat(3000)}x`, '/etc/passwd', '%2fetc%2fpasswd', 'bucket/missing.png', 'bucket/images/a%20b.png/', 'bucket//images/a%20b.png', 'bucket/images//a%20b.png', '/bucket/images/a%20b.png'];
    for (const p of hostile) expect(await resolveS3Object(s3, p), p).toBeUndefined();
    expect(await resolveS3Object(join(root, 'no-such-folder'), 'bucket/x')).toBeUndefined();
  });

  it('names the s3:// URIs a page points at that have no local copy, each once, a few at most', async () => {
    const html = `<img src="/__s3/bucket/images/a%20b.png"><video src='/__s3/bucket/v/clip%201.mp4?x=1&amp;y=2'></video>
      <img src="/__s3/bucket/v/clip%201.mp4"><div style="background:url(/__s3/bucket/bg.png)"></div><a href="/__s3/../secret.txt">x</a>`;
    // A path out of the folder is refused by the server, not "missing": no note tells the user to put a file there.
    expect(await missingLocalCopies(html, s3)).toEqual(['s3://bucket/v/clip 1.mp4', 's3://bucket/bg.png']);
    expect(await missingLocalCopies('<img src="/__s3/%2e%2e/gtkit.config.ts"><img src="/__s3/b/./x.png">', s3)).toEqual([]);
    const many = Array.from({ length: 20 }, (_, i) => `<img src="/__s3/bucket/${i}.png">`).join('');
    expect(await missingLocalCopies(many, s3)).toHaveLength(5);
    expect(await missingLocalCopies('<p>no copies</p>', s3)).toEqual([]);
  });
});

describe('what a file change reloads', () => {
  it('ignores build output, installs, the answers file and editor leftovers', () => {
    for (const p of ['template.liquid.html', 'pre.ts', 'manifest.jsonl', 'gtkit.config.ts', 's3/bucket/a.png', 'lib/helper.ts']) expect(isRelevantChange(p, ['answers.jsonl']), p).toBe(true);
    for (const p of ['', '.gtkit/preview/pre-1.mjs', 'node_modules/gtkit/x.ts', '.git/index', 'answers.jsonl', '.template.liquid.html.swp', 'pre.ts~', '4913', '.#pre.ts', 'sub/node_modules/x']) expect(isRelevantChange(p, ['answers.jsonl']), p).toBe(false);
  });
});

describe('pages and problems', () => {
  const problem = { stage: 'template' as const, file: '/t/template.liquid.html', line: 3, column: 7, message: 'tag <b> not closed', hint: 'close it', codeFrame: '> 3 | <b>' };

  it('formats file:line:col relative to the task folder', () => {
    expect(formatProblem(problem, '/t')).toBe('template.liquid.html:3:7: tag <b> not closed\n  fix: close it');
    expect(formatProblem(problem, '/elsewhere')).toMatch(/^\/t\/template\.liquid\.html:3:7: /);
    // esbuild counts columns from 0; the page counts from 1, as editors do.
    expect(fromError('config', '/t/c.ts', new Error('/t/c.ts:15:22: ERROR: bad'))).toMatchObject({ file: '/t/c.ts', line: 15, column: 23, message: 'ERROR: bad' });
    expect(fromError('config', '/t/c.ts', 'plain string')).toMatchObject({ line: 1, column: 1, message: 'plain string' });
  });

  it('places a config syntax error at the column of the character, where gtkit lint places it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-syntax-'));
    try {
      const configFile = join(dir, 'gtkit.config.ts');
      // The second comma of line 2 is its 13th character.
      await writeFile(configFile, 'export default {\n  type: "x",,\n};\n');
      const error = await loadTask(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TaskConfigError);
      expect(fromError('config', configFile, error)).toMatchObject({ line: 2, column: 13 });
      expect(taskConfigFindings(error as TaskConfigError)[0]).toMatchObject({ line: 2, column: 13 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('escapes every value it shows: ids, sources, task inputs, messages, worker ids', () => {
    const evil = '</script><script>alert(1)</script>';
    const mode = { kind: 'stand-ins', reason: 'offline' } as const;
    const index = indexPage({ jobName: evil, base: '/t', manifestFile: evil, rows: [{ id: '0', lineNumber: 1, source: evil, taskInput: { x: evil }, isHumanAnnotationRequired: true, answers: 0 }, { id: '1', lineNumber: 2, source: '', isHumanAnnotationRequired: false, answers: 2 }], problems: [{ ...problem, message: evil }], warnings: [], mode });
    const error = errorPage({ title: evil, problems: [{ ...problem, message: evil, hint: evil, codeFrame: evil }], base: '/t', renderAnyway: '/item/0?lint=off&x="><script>' });
    const item = itemPage({ jobName: evil, id: '0', lineNumber: 1, sourceDigest: '0123456789abcdef', position: 1, count: 1, worker: `"${evil}`, html: '<crowd-form></crowd-form>', mode, stored: [{ datasetObjectId: '0', workerId: 'w', answerContent: { note: evil } }], notes: [evil], warnings: [{ ...problem, message: evil }], base: '/t' });
    for (const page of [index, error, item]) {
      // Only the preview's own scripts: the client script, and on an item page the error catcher in its head.
      expect(page.match(/<script/g)?.length, page).toBe(page === item ? 2 : 1);
      expect(page).toContain('&lt;/script&gt;');
    }
    expect(item.match(/<script src="([^"]*)"/g)).toEqual([expect.stringContaining('/__gtkit/page-errors.js?v='), expect.stringContaining('/__gtkit/client.js?v=')]);
    expect(index).toContain('isHumanAnnotationRequired: false');
    expect(index).toContain('kept from workers');
    // The template starts a line of its own, whose number the page names (page errors are placed from it).
    const templateLine = Number(/<div id="gtkit-task" data-template-line="(\d+)">\n<crowd-form>/.exec(item)?.[1]);
    expect(item.split('\n')[templateLine - 1]).toBe('<crowd-form></crowd-form></div><section id="gtkit-answers"><h2>Stored answers for this item (answers.jsonl)</h2><p id="gtkit-stored-note" hidden></p><pre id="gtkit-stored">[');
  });
});

describe('the page script', () => {
  it('is valid JavaScript as served (escapes inside the TypeScript string survive)', () => {
    expect(() => new Function(clientScript)).not.toThrow();
    expect(clientScript).toContain("'[\\n'");
  });
});

describe('gtkit preview --port', () => {
  it('takes 0–65535 and nothing else', () => {
    expect(parsePort(undefined)).toBe(0);
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    for (const bad of ['', '-1', '65536', '80.5', '0x50', 'abc', '1e3', '99999999']) expect(() => parsePort(bad), bad).toThrow(/--port must be/);
  });
});
