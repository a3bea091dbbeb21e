import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnswers } from '../../../scaffold/run/answers-file.ts';
import { lineSource, sourceDigest } from '../../../scaffold/run/answer-placement.ts';
import { compileTemplate, localResolver } from '../../../templates/engine/index.ts';
import { startPreview } from '../../../scaffold/preview/server.ts';
import { editAndWait, previewTask, scaffoldTask } from './preview-task.ts';

type Preview = Awaited<ReturnType<typeof previewTask>>;

/** A raw HTTP request: no client-side URL normalisation, any headers, any source address. */
function raw(url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; localAddress?: string } = {}): Promise<{ status: number | string; headers: Record<string, unknown>; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {}, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', (e) => resolve({ status: (e as NodeJS.ErrnoException).code ?? 'error', headers: {}, body: '' }));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const get = (url: string, path: string) => fetch(new URL(path, url)).then(async (r) => ({ status: r.status, body: await r.text(), type: r.headers.get('content-type') ?? '' }));
const postJson = (url: string, value: unknown) => fetch(new URL('/__gtkit/answers', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { stored?: unknown[]; error?: string } }));
const errorText = (page: string) => /<pre id="gtkit-error" hidden>([\s\S]*?)<\/pre>/.exec(page)?.[1]?.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') ?? '';

describe('preview server: pages', () => {
  let p: Preview;
  beforeAll(async () => {
    p = await previewTask('text-classification');
  });
  afterAll(() => p.stop());

  it('listens on 127.0.0.1 and says which elements it uses', () => {
    expect(p.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(p.server.crowdScript).toEqual({ kind: 'stand-ins', reason: 'offline' });
  });

  it('lists every manifest line with its PRE result and task.input', async () => {
    const { status, body } = await get(p.server.url, '/');
    expect(status).toBe(200);
    const rows = body.match(/<tr data-item="\d+">/g) ?? [];
    const manifest = (await readFile(join(p.dir, 'manifest.jsonl'), 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(manifest.length);
    expect(body.match(/isHumanAnnotationRequired: true/g)).toHaveLength(manifest.length);
    expect(body).toContain('My parcel arrived crushed');
    expect(body).toContain('elements: gtkit stand-ins (--offline)');
  });

  it('renders an item with its task.input, the stand-ins in place of Amazon’s script, and the page shell', async () => {
    const { status, body } = await get(p.server.url, '/item/0?worker=alice');
    expect(status).toBe(200);
    expect(body).toMatch(/<script src="\/__gtkit\/crowd-elements\.js\?v=[0-9a-f]{12}"><\/script>/);
    expect(body).not.toContain('https://assets.crowd.aws/crowd-html-elements.js');
    expect(body).toContain('My parcel arrived crushed, I want my money back.');
    expect(body).toContain('categories="[&quot;refund&quot;,&quot;delivery&quot;,&quot;other&quot;]"');
    expect(body).toMatch(/<input id="gtkit-worker" value="alice"/);
    expect(body).toContain('id="gtkit-next" href="/item/1"');
    expect(body).not.toContain('id="gtkit-prev"');
  });

  it('escapes task input text exactly once, as Ground Truth autoescapes', async () => {
    const { body } = await get(p.server.url, '/item/4');
    expect(body).toContain('O&#39;Neil &amp; Sons');
    expect(body).not.toContain('&amp;amp;');
  });

  it('falls back to the default worker id when the given one is not valid', async () => {
    const { body } = await get(p.server.url, '/item/0?worker=%3Cscript%3E');
    expect(body).toContain('value="preview-worker-1"');
    expect(body).toContain('is not valid');
    expect(body).not.toContain('<script>');
  });

  it('serves the stand-in bundle, the client script and nothing unknown', async () => {
    const bundle = await get(p.server.url, '/__gtkit/crowd-elements.js');
    expect(bundle.status).toBe(200);
    expect(bundle.type).toContain('javascript');
    expect(bundle.body).toContain('crowd-form');
    expect((await get(p.server.url, '/__gtkit/client.js')).body).toContain('EventSource');
    // Versioned URLs (as the pages write them) are cached for good; bare ones are revalidated.
    const page = (await get(p.server.url, '/item/0')).body;
    for (const src of [/src="(\/__gtkit\/client\.js\?v=\w+)"/.exec(page)?.[1], /src="(\/__gtkit\/crowd-elements\.js\?v=\w+)"/.exec(page)?.[1]]) {
      expect((await fetch(new URL(src as string, p.server.url))).headers.get('cache-control'), src).toContain('immutable');
    }
    expect((await fetch(new URL('/__gtkit/crowd-elements.js?v=old', p.server.url))).headers.get('cache-control')).toBe('no-cache');
    expect((await get(p.server.url, '/__gtkit/crowd-elements.css')).type).toContain('text/css');
    expect((await get(p.server.url, '/item/99')).status).toBe(404);
    expect((await get(p.server.url, '/item/abc')).status).toBe(404);
    expect((await get(p.server.url, '/item/%E0%A4%A')).status).toBe(404);
    expect((await get(p.server.url, '/nothing')).status).toBe(404);
    expect((await raw(p.server.url, '/', { method: 'DELETE' })).status).toBe(405);
    expect((await raw(p.server.url, '/__gtkit/answers')).status).toBe(405);
  });
});

describe('preview server: answers', () => {
  let p: Preview;
  beforeAll(async () => {
    p = await previewTask('text-classification');
  });
  afterAll(() => p.stop());

  it('stores JSON submits under the chosen worker id, several workers per item, in the answers file gtkit run reads', async () => {
    const a = await postJson(p.server.url, { datasetObjectId: '1', workerId: 'alice', answerContent: { category: { label: 'delivery' } }, acceptanceTime: new Date(Date.now() - 5000).toISOString() });
    expect(a.status).toBe(200);
    const b = await postJson(p.server.url, { datasetObjectId: '1', workerId: 'bob', answerContent: { category: { label: 'refund' }, comment: 'late' } });
    expect(b.body.stored).toHaveLength(2);
    const { answers, problems } = await readAnswers(join(p.dir, 'answers.jsonl'));
    expect(problems).toEqual([]);
    expect(answers.map((x) => [x.datasetObjectId, x.workerId, x.answerContent])).toEqual([
      ['1', 'alice', { category: { label: 'delivery' } }],
      ['1', 'bob', { category: { label: 'refund' }, comment: 'late' }],
    ]);
    expect(answers[0]?.timeSpentInSeconds).toBeGreaterThanOrEqual(5);
    // The item page shows what is stored; the index counts it.
    expect((await get(p.server.url, '/item/1')).body).toContain('&quot;workerId&quot;:&quot;bob&quot;');
    expect((await get(p.server.url, '/')).body).toMatch(/<tr data-item="1">.*?<td>2<\/td><\/tr>/);
  });

  it('takes Amazon’s form post (taskAnswers) and redirects back to the item, storing the same shape', async () => {
    const body = new URLSearchParams({ taskAnswers: JSON.stringify([{ category: { label: 'other' } }]) }).toString();
    const res = await raw(p.server.url, '/__gtkit/capture?item=2&worker=carol', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: p.server.url.slice(0, -1) }, body });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/item/2?worker=carol&stored=1');
    const { answers } = await readAnswers(join(p.dir, 'answers.jsonl'));
    expect(answers.find((x) => x.workerId === 'carol')).toMatchObject({ datasetObjectId: '2', answerContent: { category: { label: 'other' } } });
  });

  it('a resubmission by the same worker replaces the earlier answer when read back', async () => {
    await postJson(p.server.url, { datasetObjectId: '3', workerId: 'dave', answerContent: { category: { label: 'refund' } } });
    const again = await postJson(p.server.url, { datasetObjectId: '3', workerId: 'dave', answerContent: { category: { label: 'delivery' } } });
    expect(again.body.stored).toEqual([expect.objectContaining({ workerId: 'dave', answerContent: { category: { label: 'delivery' } } })]);
  });

  it('refuses bad submits with a reason, and keeps the answers file clean', async () => {
    const before = await readFile(join(p.dir, 'answers.jsonl'), 'utf8');
    expect((await postJson(p.server.url, { datasetObjectId: '99', workerId: 'w', answerContent: {} })).status).toBe(404);
    expect((await postJson(p.server.url, { datasetObjectId: '0', workerId: 'a b', answerContent: {} })).body.error).toMatch(/workerId/);
    expect((await postJson(p.server.url, { datasetObjectId: '0', workerId: 'w', answerContent: [1] })).status).toBe(400);
    expect((await raw(p.server.url, '/__gtkit/answers', { method: 'POST', body: '{not json' })).status).toBe(400);
    expect((await raw(p.server.url, '/__gtkit/answers', { method: 'POST', headers: { 'content-length': String(64 * 1024 * 1024) }, body: '' })).status).toBe(413);
    // Over the limit without a declared length (chunked): a 413 too, and the server lives on (it used to crash the process).
    expect((await raw(p.server.url, '/__gtkit/answers', { method: 'POST', headers: { 'transfer-encoding': 'chunked', 'content-type': 'application/json' }, body: Buffer.alloc(33 * 1024 * 1024, 'a') })).status).toBe(413);
    expect((await get(p.server.url, '/')).status).toBe(200);
    // An answer nested deeper than JSON can be written back: a 400 that says so, not an internal-error page.
    const deep = `{"datasetObjectId":"0","workerId":"w","answerContent":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    expect(await raw(p.server.url, '/__gtkit/answers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep })).toMatchObject({ status: 400, body: JSON.stringify({ error: 'body is nested more than 1000 levels deep; flatten it' }) });
    const cross = await raw(p.server.url, '/__gtkit/capture?item=0&worker=w', { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'taskAnswers=%5B%7B%7D%5D' });
    expect(cross.status).toBe(403);
    expect(await readFile(join(p.dir, 'answers.jsonl'), 'utf8')).toBe(before);
  });

  // walk150 #2: a page's script errors are logged with their place in the template; the route takes only the preview's own pages.
  it('takes a page\'s script error, places it in the template and logs it; refuses other sites, other methods and bad reports', async () => {
    const report = (body: unknown, headers: Record<string, string> = {}) => raw(p.server.url, '/__gtkit/page-error', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const template = (await readFile(join(p.dir, 'template.liquid.html'), 'utf8')).split('\n');
    const headerLine = template.findIndex((l) => l.includes('header=')) + 1;
    // The lines above the header= line hold no Liquid that adds or drops lines: it is the same line of the page as rendered.
    const placed = await report({ item: '0', message: 'Uncaught TypeError: x is undefined', line: headerLine, column: 5 });
    expect(placed.status).toBe(200);
    expect(JSON.parse(placed.body)).toEqual({ where: `template.liquid.html:${headerLine}:5`, codeFrame: expect.stringContaining(`> ${String(headerLine).padStart(4)} |     header=`) });
    expect(p.logs).toContain(`item 0: a script on the page threw: Uncaught TypeError: x is undefined (at template.liquid.html:${headerLine}:5)`);
    expect(JSON.parse((await report({ item: '0', message: 'boom', source: 'http://127.0.0.1/x.js', line: 3, column: 7 })).body)).toEqual({ where: 'http://127.0.0.1/x.js:3:7' });
    expect(JSON.parse((await report({ item: '0', message: 'Script error.' })).body)).toEqual({});
    expect(p.logs).toContain('item 0: a script on the page threw: Script error. (the browser gave no place)');
    expect((await report({ item: '0', message: 'x' }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await report({ message: 'x' })).status).toBe(400);
    expect((await raw(p.server.url, '/__gtkit/page-error')).status).toBe(405);
  });

  it('stores quick concurrent submits as whole lines', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => postJson(p.server.url, { datasetObjectId: '5', workerId: `w${i}`, answerContent: { category: { label: 'other' }, comment: 'x'.repeat(20_000) } })));
    const { answers, problems } = await readAnswers(join(p.dir, 'answers.jsonl'));
    expect(problems).toEqual([]);
    expect(answers.filter((a) => a.datasetObjectId === '5')).toHaveLength(20);
  });
});

describe('preview server: errors as pages, and recovery', () => {
  let p: Preview;
  beforeAll(async () => {
    p = await previewTask('text-classification');
  });
  afterAll(() => p.stop());

  /** Edits one task file and waits for the reload; the returned function puts the original back. */
  async function edit(name: string, change: (text: string) => string): Promise<() => Promise<void>> {
    const file = join(p.dir, name);
    const original = await readFile(file, 'utf8');
    await editAndWait(p.server, file, change);
    return () => editAndWait(p.server, file, () => original);
  }

  it('a stored answer keeps to its data: after a line is inserted above it, the item page and the index show it on the data’s new line', async () => {
    const manifest = (await readFile(join(p.dir, 'manifest.jsonl'), 'utf8')).trim().split('\n');
    expect((await postJson(p.server.url, { datasetObjectId: '2', workerId: 'erin', answerContent: { category: { label: 'other' } } })).status).toBe(200);
    const stored = (await readAnswers(join(p.dir, 'answers.jsonl'))).answers.find((a) => a.workerId === 'erin');
    expect(stored?.sourceDigest).toBe(sourceDigest(lineSource(JSON.parse(manifest[2] as string) as Record<string, unknown>)));
    const restore = await edit('manifest.jsonl', (t) => `{"source":"a line inserted at the top"}\n${t}`);
    try {
      expect((await get(p.server.url, '/item/3')).body).toContain('&quot;workerId&quot;:&quot;erin&quot;');
      expect((await get(p.server.url, '/item/2')).body).not.toContain('erin');
      expect((await get(p.server.url, '/')).body).toMatch(/<tr data-item="3">.*?<td>1<\/td><\/tr>/);
    } finally {
      await restore();
    }
  });

  it('the index names the stored answers gtkit run will not replay: bad lines of answers.jsonl, and answers whose data is now on several lines', async () => {
    const answersFile = join(p.dir, 'answers.jsonl');
    const answersBefore = await readFile(answersFile, 'utf8');
    expect((await postJson(p.server.url, { datasetObjectId: '1', workerId: 'frank', answerContent: { category: { label: 'delivery' } } })).status).toBe(200);
    await writeFile(answersFile, `${await readFile(answersFile, 'utf8')}not json\n`);
    expect((await get(p.server.url, '/')).body).not.toContain('frank');
    // A line inserted at the top, and old line 1 copied to the end: frank's data is on items 2 and 7.
    const restore = await edit('manifest.jsonl', (t) => {
      const lines = t.trim().split('\n');
      return `${['{"source":"a new first line"}', ...lines, lines[1]].join('\n')}\n`;
    });
    try {
      const index = (await get(p.server.url, '/')).body;
      const block = /<div class="gtkit-p-problem" id="gtkit-set-aside"[\s\S]*?<\/ul><div>fix: [^<]*<\/div><\/div>/.exec(index)?.[0] ?? '';
      expect(block).toContain('answers.jsonl</span>: 2 stored answer(s) will not be replayed by gtkit run');
      expect(block).toMatch(/answers\.jsonl:\d+: not valid JSON/);
      expect(block).toContain('the answer of &quot;frank&quot; for datasetObjectId &quot;1&quot; was given for data that 2 lines hold now (datasetObjectIds &quot;2&quot;, &quot;7&quot;)');
    } finally {
      await restore();
      await writeFile(answersFile, answersBefore);
    }
    expect((await get(p.server.url, '/')).body).not.toContain('gtkit-set-aside');
  });

  it('a submit from a page loaded before a manifest edit is stored for the data the page showed, or refused; never for what the line holds now', async () => {
    const page = (await get(p.server.url, '/item/1')).body;
    const digest = /data-source-digest="([0-9a-f]{16})"/.exec(page)?.[1];
    const manifest = (await readFile(join(p.dir, 'manifest.jsonl'), 'utf8')).trim().split('\n');
    expect(digest).toBe(sourceDigest(lineSource(JSON.parse(manifest[1] as string) as Record<string, unknown>)));
    // Lines 0 and 1 swap while the page is open: item 1 now names the other line's data.
    const restore = await edit('manifest.jsonl', (t) => {
      const [a, b, ...rest] = t.trim().split('\n');
      return `${[b, a, ...rest].join('\n')}\n`;
    });
    try {
      const json = await postJson(p.server.url, { datasetObjectId: '1', workerId: 'stale-json', answerContent: { category: { label: 'delivery' } }, sourceDigest: digest });
      expect(json.status).toBe(200);
      expect(json.body).toMatchObject({ datasetObjectId: '0', moved: true });
      const form = await raw(p.server.url, `/__gtkit/capture?item=1&worker=stale-form&digest=${digest}`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `taskAnswers=${encodeURIComponent('[{"category":{"label":"delivery"}}]')}`,
      });
      expect(form.status).toBe(303);
      expect(form.headers.location).toBe('/item/0?worker=stale-form&stored=1&moved-from=1');
      const stored = (await readAnswers(join(p.dir, 'answers.jsonl'))).answers.filter((a) => a.workerId.startsWith('stale-'));
      expect(stored.map((a) => [a.workerId, a.datasetObjectId, a.sourceDigest])).toEqual([['stale-json', '0', digest], ['stale-form', '0', digest]]);
      // Data that is on no line for workers now: refused with what to do, nothing written.
      const gone = await postJson(p.server.url, { datasetObjectId: '1', workerId: 'stale-gone', answerContent: {}, sourceDigest: 'ffffffffffffffff' });
      expect(gone.status).toBe(409);
      expect(gone.body.error).toMatch(/manifest changed since this page was loaded.*no line for workers holds it now.*reload the page and answer again/);
      expect((await postJson(p.server.url, { datasetObjectId: '1', workerId: 'w', answerContent: {}, sourceDigest: '../x' })).status).toBe(400);
      expect((await readAnswers(join(p.dir, 'answers.jsonl'))).answers.some((a) => a.workerId === 'stale-gone')).toBe(false);
    } finally {
      await restore();
    }
  });

  it('a template that does not parse: file:line:col, code frame, then back after the fix', async () => {
    const restore = await edit('template.liquid.html', (t) => `${t}\n{% for x in task.input.labels %}`);
    const bad = await get(p.server.url, '/item/0');
    expect(bad.status).toBe(500);
    expect(errorText(bad.body)).toMatch(/^template\.liquid\.html:\d+:1: .*not closed/);
    expect(bad.body).toMatch(/<script src="\/__gtkit\/client\.js\?v=[0-9a-f]{12}"><\/script>/); // still reloads
    expect((await get(p.server.url, '/')).body).toContain('template.liquid.html:');
    await restore();
    expect((await get(p.server.url, '/item/0')).status).toBe(200);
  });

  it('a lint error: the findings with file:line:col and a way to render anyway', async () => {
    const restore = await edit('template.liquid.html', (t) => t.replace('<crowd-form>', '<crowd-form><crowd-sparkle name="x"></crowd-sparkle>'));
    const bad = await get(p.server.url, '/item/0');
    expect(bad.status).toBe(500);
    expect(errorText(bad.body)).toMatch(/^template\.liquid\.html:\d+:\d+: unknown-element: <crowd-sparkle>/);
    const anyway = /id="gtkit-render-anyway" href="([^"]+)"/.exec(bad.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const shown = await get(p.server.url, anyway);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('Shown despite 1 lint error(s).');
    await restore();
  });

  it('a template that stops submitting the field the ACS reads: the answer-field error, before anyone fills it in', async () => {
    const restore = await edit('template.liquid.html', (t) => t.replace('name="category"', 'name="intent"'));
    const bad = await get(p.server.url, '/item/0');
    expect(bad.status).toBe(500);
    expect(errorText(bad.body)).toMatch(/^template\.liquid\.html:\d+:\d+: answer-field: no field is named "category"/);
    await restore();
  });

  it('a PRE that throws on some lines: those items show pre.ts:line:col and the manifest line, the others still work', async () => {
    const restore = await edit('pre.ts', (t) => t.replace('export const handler = preHandler<ClassificationTaskInput>((line) => ({', "export const handler = preHandler<ClassificationTaskInput>((line) => {\n  if (line.channel === 'email') throw new Error('no email yet');\n  return {").replace("}), { onInvalidDataObject: 'skip' });", "};\n}, { onInvalidDataObject: 'skip' });"));
    const snap = await p.server.snapshot();
    expect(snap.items.filter((i) => i.problem)).toHaveLength(3);
    const bad = await get(p.server.url, '/item/1');
    expect(bad.status).toBe(500);
    expect(errorText(bad.body)).toMatch(/^pre\.ts:\d+:\d+: the PRE failed: no email yet \(manifest line manifest\.jsonl:2\)/);
    expect(bad.body).toContain("throw new Error(&#39;no email yet&#39;)"); // the code frame
    expect((await get(p.server.url, '/item/0')).status).toBe(200);
    expect((await get(p.server.url, '/')).body).toContain('PRE failed');
    // No answers for an item Ground Truth would never have made a task of.
    expect((await postJson(p.server.url, { datasetObjectId: '1', workerId: 'w', answerContent: {} })).status).toBe(409);
    await restore();
  });

  it('a PRE that does not compile or returns a bad response', async () => {
    const restore = await edit('pre.ts', (t) => `${t}\nconst broken = ;\n`);
    const syntax = await get(p.server.url, '/');
    expect(syntax.body).toContain('The PRE code does not load');
    expect(errorText(syntax.body)).toMatch(/^pre\.ts:\d+:16: Unexpected ";"/);
    await edit('pre.ts', () => "export const handler = async () => ({ taskInput: 'not an object', isHumanAnnotationRequired: 'yes' });\n");
    const item = await get(p.server.url, '/item/0');
    expect(errorText(item.body)).toMatch(/^manifest\.jsonl:1:1: the PRE failed: .*taskInput.*expected an object/s);
    await edit('pre.ts', () => 'export const nothing = 1;\n');
    expect(errorText((await get(p.server.url, '/')).body)).toMatch(/^pre\.ts:1:1: exports no function "handler"/);
    await restore();
    expect((await get(p.server.url, '/item/0')).status).toBe(200);
  });

  it('a config that does not load, and a manifest with bad lines', async () => {
    const restore = await edit('gtkit.config.ts', (t) => t.replace('region: "us-east-1",', 'region: "us-east-1",,'));
    const bad = await get(p.server.url, '/item/0');
    expect(bad.body).toContain('The task config does not load');
    expect(errorText(bad.body)).toMatch(/^gtkit\.config\.ts:\d+:\d+: /);
    await restore();
    const restoreManifest = await edit('manifest.jsonl', (t) => `${t}{"source": 1}\nnot json\n`);
    const index = await get(p.server.url, '/');
    expect(index.body).toMatch(/manifest\.jsonl:7:1<\/span>: &quot;source&quot; must be a string/);
    expect(index.body).toMatch(/manifest\.jsonl:8:1<\/span>: not valid JSON/);
    await restoreManifest();
  });

  it('the page of an item whose manifest line cannot be read names that line and why, not "no item"', async () => {
    // A blank line takes no datasetObjectId; a bad line does (as in gtkit run): item 1 is line 3, item 3 is line 5.
    const restore = await edit('manifest.jsonl', (t) => {
      const [first, second, ...rest] = t.trim().split('\n');
      return `${[first, '', '{"source-ref": "s3://b/x.png",', second, '[1]', ...rest].join('\n')}\n`;
    });
    try {
      const one = await get(p.server.url, '/item/1');
      expect(one.status).toBe(404);
      expect(one.body).toContain('Item 1 is manifest line 3, which cannot be read');
      expect(errorText(one.body)).toMatch(/^manifest\.jsonl:3:1: not valid JSON .*\n {2}fix: fix the line and save/);
      expect(errorText((await get(p.server.url, '/item/3')).body)).toMatch(/^manifest\.jsonl:5:1: expected a JSON object, got an array/);
      expect((await get(p.server.url, '/item/2')).status).toBe(200);
      const none = await get(p.server.url, '/item/99');
      expect(errorText(none.body)).toContain('numbered from 0; see the index');
    } finally {
      await restore();
    }
  });

  it('an item the PRE keeps from workers is shown with a note, and takes no answers', async () => {
    const restore = await edit('pre.ts', (t) => t.replace('taskInput: textClassificationTaskInputOf(line, labels),', 'taskInput: textClassificationTaskInputOf(line, labels), isHumanAnnotationRequired: line.channel !== "email",'));
    const index = await get(p.server.url, '/');
    expect(index.body.match(/isHumanAnnotationRequired: false/g)).toHaveLength(3);
    const item = await get(p.server.url, '/item/1');
    expect(item.body).toContain('Ground Truth would not show it to workers');
    expect((await postJson(p.server.url, { datasetObjectId: '1', workerId: 'w', answerContent: { category: { label: 'refund' } } })).status).toBe(409);
    expect(item.body).toContain('id="gtkit-next" href="/item/2"'); // navigation skips to the next item workers see
    await restore();
  });
});

describe('preview server: live reload', () => {
  let p: Preview;
  beforeAll(async () => {
    p = await previewTask('text-classification');
  });
  afterAll(() => p.stop());

  /** Opens the event stream and resolves with the first reload event. */
  function firstReload(url: string): { connected: Promise<void>; reload: Promise<string>; close(): void } {
    const ctl = new AbortController();
    let connected!: () => void;
    const connectedP = new Promise<void>((r) => (connected = r));
    const reload = fetch(new URL('/__gtkit/events', url), { signal: ctl.signal }).then(async (res) => {
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += new TextDecoder().decode(value);
        if (text.includes(': connected')) connected();
        if (text.includes('event: reload')) return text;
      }
    });
    return { connected: connectedP, reload, close: () => ctl.abort() };
  }

  it('tells open pages to reload when the template, the PRE, the manifest or the config changes', async () => {
    for (const name of ['template.liquid.html', 'pre.ts', 'manifest.jsonl', 'gtkit.config.ts']) {
      const stream = firstReload(p.server.url);
      await stream.connected;
      const file = join(p.dir, name);
      await writeFile(file, `${await readFile(file, 'utf8')}\n`);
      expect(await stream.reload, name).toContain(`"reason":"${name}"`);
      stream.close();
    }
  });

  it('every page names the task state it shows; hello and reload name the state served, so a page can tell it is stale', async () => {
    const stateOf = (html: string) => /<meta name="gtkit-state" content="([^"]+)">/.exec(html)?.[1];
    const before = stateOf((await get(p.server.url, '/item/0')).body);
    expect(before).toMatch(/\.\d+$/);
    expect(stateOf((await get(p.server.url, '/')).body)).toBe(before);
    expect(stateOf((await get(p.server.url, '/item/999')).body)).toBe(before); // an error page too
    const stream = firstReload(p.server.url);
    await stream.connected;
    await editAndWait(p.server, join(p.dir, 'template.liquid.html'), (t) => `${t}\n`);
    const events = await stream.reload;
    stream.close();
    const after = stateOf((await get(p.server.url, '/item/0')).body);
    expect(after).not.toBe(before);
    expect(/event: hello\ndata: .*"state":"([^"]+)"/.exec(events)?.[1]).toBe(before);
    const announced = /event: reload\ndata: .*"state":"([^"]+)"/.exec(events)?.[1];
    expect(announced).not.toBe(before);
    expect(after?.startsWith(announced?.replace(/\d+$/, '') ?? '-')).toBe(true); // the same run of the preview
  });

  it('an edit of the template alone keeps the PRE results; any other change runs the PRE again', async () => {
    const q = await previewTask('text-classification');
    try {
      // Each call of this PRE numbers its answer, so a second run over the lines shows.
      await editAndWait(q.server, join(q.dir, 'pre.ts'), (t) => `let calls = 0;\n${t.replace('taskInput: textClassificationTaskInputOf(line, labels),', 'taskInput: { ...textClassificationTaskInputOf(line, labels), taskObject: `call ${++calls}` },')}`);
      const callOf = async () => /call (\d+)/.exec((await get(q.server.url, '/item/0')).body)?.[1];
      const before = await callOf();
      expect(before).toBeDefined();
      await editAndWait(q.server, join(q.dir, 'template.liquid.html'), (t) => t.replace('Which label fits the text best?', 'Which label?'));
      const page = (await get(q.server.url, '/item/0')).body;
      expect(page).toContain('Which label?');
      expect(await callOf()).toBe(before);
      await editAndWait(q.server, join(q.dir, 'manifest.jsonl'), (t) => `${t.trimEnd()}\n`);
      expect(Number(await callOf())).toBeGreaterThan(Number(before));
      // A template that stops compiling and comes back still has its items.
      await editAndWait(q.server, join(q.dir, 'template.liquid.html'), (t) => `{% if x %}${t}`);
      expect((await get(q.server.url, '/item/0')).body).toContain('The template does not compile');
      await editAndWait(q.server, join(q.dir, 'template.liquid.html'), (t) => t.replace('{% if x %}', ''));
      expect((await get(q.server.url, '/item/0')).body).toContain('Which label?');
    } finally {
      await q.stop();
    }
  });

  it('re-runs the PRE with the new config (imported by pre.ts) and a new helper module, no restart', async () => {
    await editAndWait(p.server, join(p.dir, 'gtkit.config.ts'), (t) => t.replace('"other"', '"complaint"'));
    expect((await get(p.server.url, '/item/0')).body).toContain('complaint');
    await writeFile(join(p.dir, 'shout.ts'), 'export const shout = (s: string) => s.toUpperCase();\n');
    await editAndWait(p.server, join(p.dir, 'pre.ts'), (t) => `import { shout } from './shout.ts';\n${t.replace('taskInput: textClassificationTaskInputOf(line, labels),', 'taskInput: { ...textClassificationTaskInputOf(line, labels), taskObject: shout(String(line.source)) },')}`);
    expect((await get(p.server.url, '/item/0')).body).toContain('MY PARCEL ARRIVED CRUSHED');
    await editAndWait(p.server, join(p.dir, 'shout.ts'), () => 'export const shout = (s: string) => `${s}!!`;\n');
    expect((await get(p.server.url, '/item/0')).body).toContain('I want my money back.!!');
  });

  it('picks up edits saved the atomic way (temp file renamed over the original), again and again', async () => {
    const { rename } = await import('node:fs/promises');
    const file = join(p.dir, 'template.liquid.html');
    for (let i = 0; i < 3; i++) {
      const text = (await readFile(file, 'utf8')).replace(/Which label fits the text best\?( \(\d\))?/, `Which label fits the text best? (${i})`);
      const reloaded = p.server.nextReload();
      await writeFile(join(p.dir, '.template.tmp'), text);
      await rename(join(p.dir, '.template.tmp'), file);
      await reloaded;
      expect((await get(p.server.url, '/item/0')).body).toContain(`best? (${i})`);
    }
  });

  it('watches new folders, and does not reload for answers or .gtkit output', async () => {
    await mkdir(join(p.dir, 'lib', 'deep'), { recursive: true });
    // The new folders are a change of their own (one or more bursts, on a busy machine).
    let reloaded = p.server.nextReload();
    await writeFile(join(p.dir, 'lib', 'deep', 'labels.json'), '[]');
    let names = await reloaded;
    for (let i = 0; i < 5 && !names.includes('labels.json'); i++) names = await (reloaded = p.server.nextReload());
    expect(names).toContain('lib/deep/labels.json');
    await new Promise((r) => setTimeout(r, 200)); // let any straggling event settle
    let fired = false;
    void p.server.nextReload().then(() => (fired = true));
    await postJson(p.server.url, { datasetObjectId: '0', workerId: 'w', answerContent: { category: { label: 'refund' } } });
    await mkdir(join(p.dir, '.gtkit'), { recursive: true });
    await writeFile(join(p.dir, '.gtkit', 'x.txt'), 'x');
    await new Promise((r) => setTimeout(r, 300));
    expect(fired).toBe(false);
  });
});

describe('preview server: local S3 copies, presigning and who may connect', () => {
  let p: Preview;
  beforeAll(async () => {
    p = await previewTask('image-classification');
  });
  afterAll(() => p.stop());

  it('maps grant_read_access to /__s3/<bucket>/<key> and serves that file', async () => {
    const page = await get(p.server.url, '/item/0');
    const src = /src="(\/__s3\/[^"]+)"/.exec(page.body)?.[1];
    expect(src).toBeDefined();
    const res = await fetch(new URL(src as string, p.server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
    expect(Buffer.from(await res.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  });

  it('says on the item page which s3:// objects have no local copy, and where to put them', async () => {
    const page = (await get(p.server.url, '/item/0')).body;
    expect(page).not.toContain('has no local copy');
    const src = /src="\/__s3\/([^"]+)"/.exec(page)?.[1] ?? '';
    const file = join(p.dir, 's3', decodeURIComponent(src));
    const saved = await readFile(file);
    await rm(file);
    try {
      const broken = (await get(p.server.url, '/item/0')).body;
      expect(broken).toContain(`s3://${decodeURIComponent(src)} has no local copy, so the page shows it broken: put the file at s3/${decodeURIComponent(src)} in the task folder`);
    } finally {
      await writeFile(file, saved);
    }
  });

  it('serves nothing outside s3/: no traversal in any spelling, no listing', async () => {
    const bucket = /src="\/__s3\/([^/"]+)\//.exec((await get(p.server.url, '/item/0')).body)?.[1] ?? 'b';
    for (const path of ['/__s3/../gtkit.config.ts', '/__s3/%2e%2e/gtkit.config.ts', '/__s3/%2E%2E%2Fgtkit.config.ts', `/__s3/${bucket}/..%2f..%2fgtkit.config.ts`, `/__s3/${bucket}/../../gtkit.config.ts`, `/__s3/${bucket}/..\\..\\gtkit.config.ts`, `/__s3/${bucket}/`, `/__s3/${bucket}`, '/__s3/', '/__s3/%00', '/__s3/..%00/x', '/__s3//etc/passwd', '/__s3/%2fetc%2fpasswd', `/__s3/${bucket}/%2e/x`]) {
      const res = await raw(p.server.url, path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('defineTask');
    }
  });

  it('answers HEAD for local copies without a body', async () => {
    const src = /src="(\/__s3\/[^"]+)"/.exec((await get(p.server.url, '/item/0')).body)?.[1] as string;
    const head = await raw(p.server.url, src, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.body).toBe('');
    const again = await raw(p.server.url, src, { headers: { 'if-none-match': String(head.headers.etag) } });
    expect(again.status).toBe(304);
    expect((await raw(p.server.url, src, { headers: { 'if-none-match': 'W/"other"' } })).status).toBe(200);
  });

  it('refuses a Host header that is not its own (DNS rebinding)', async () => {
    const res = await raw(p.server.url, '/', { headers: { host: 'attacker.example' } });
    expect(res.status).toBe(421);
    expect(res.body).toContain('http://127.0.0.1:');
  });

  const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it.skipIf(!external)('refuses a connection whose peer is not loopback (this machine’s own non-loopback address)', async () => {
    const res = await raw(p.server.url, '/', { localAddress: external as string });
    expect(res.status === 403 || res.status === 'ECONNRESET').toBe(true);
    expect(p.logs.some((l) => l.includes(`refused a connection from ${external}`))).toBe(true);
    // Loopback peers other than 127.0.0.1 are this machine too.
    expect((await raw(p.server.url, '/', { localAddress: '127.0.0.2' })).status).toBe(200);
  });

  it('is not reachable on any address but 127.0.0.1', async () => {
    if (!external) return;
    const { port } = new URL(p.server.url);
    const code = await new Promise<string>((resolve) => {
      const s = connect({ host: external, port: Number(port) });
      s.on('connect', () => (s.destroy(), resolve('connected')));
      s.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? 'error'));
    });
    expect(code).toBe('ECONNREFUSED');
  });

  it('survives garbage on the socket', async () => {
    const { port } = new URL(p.server.url);
    await new Promise<void>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: Number(port) }, () => s.end('\x00\x01GARBAGE / HTTP/9\r\n\r\n'));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    expect((await get(p.server.url, '/')).status).toBe(200);
  });

  it('with --presign aws, writes real presigned S3 URLs (signed locally, no network needed)', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const server = await startPreview({ dir: p.dir, offline: true, presign: 'aws' });
    try {
      const page = await get(server.url, '/item/0');
      expect(page.body).toMatch(/src="https:\/\/[^"]*s3[^"]*amazonaws\.com\/[^"]*X-Amz-Signature=[0-9a-f]{64}/);
    } finally {
      await server.close();
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });
});

describe('preview server: presigning that fails', () => {
  it('an error page that names the template place and says what to do about credentials', async () => {
    const task = await scaffoldTask('image-classification');
    const server = await startPreview({ dir: task.dir, offline: true, presign: 'aws', resolver: { resolve: () => Promise.reject(new Error('Could not load credentials from any providers')) } });
    try {
      const page = await get(server.url, '/item/0');
      expect(page.status).toBe(500);
      expect(errorText(page.body)).toMatch(/^template\.liquid\.html:\d+:\d+: Could not load credentials from any providers \(task\.input from manifest line 1\)\n {2}fix: grant_read_access with --presign aws needs AWS credentials/);
      expect((await get(server.url, '/')).status).toBe(200);
    } finally {
      await server.close();
      await task.cleanup();
    }
  });
});

describe('startPreview itself', () => {
  it('refuses a folder that is not a task, and a port in use, with a clear message', async () => {
    await expect(startPreview({ dir: '/nonexistent-task-folder', offline: true })).rejects.toThrow(/no such file or folder/);
    const task = await scaffoldTask();
    const first = await startPreview({ dir: task.dir, offline: true });
    try {
      await expect(startPreview({ dir: task.dir, offline: true, port: first.port })).rejects.toThrow(/in use; pick another with --port/);
    } finally {
      await first.close();
      await task.cleanup();
    }
  });

  it('checks Amazon’s script once, and uses it as is when reachable', async () => {
    let probes = 0;
    const task = await scaffoldTask();
    const server = await startPreview({ dir: task.dir, probeCrowdScript: async () => (probes++, true) });
    try {
      const page = await get(server.url, '/item/0');
      await get(server.url, '/item/1');
      expect(probes).toBe(1);
      expect(server.crowdScript).toEqual({ kind: 'amazon' });
      expect(page.body).toContain('<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>');
      expect(page.body).toContain('data-mode="amazon"');
      // The page shell wraps the template's output; it does not change a byte of it.
      const snap = await server.snapshot();
      const source = await readFile(join(task.dir, 'template.liquid.html'), 'utf8');
      const direct = await compileTemplate(source, { file: 'template.liquid.html', resolver: localResolver('/__s3/') }).render(snap.items[0]?.taskInput);
      const opening = /<div id="gtkit-task" data-template-line="\d+">\n/.exec(page.body);
      const embedded = page.body.slice((opening?.index ?? 0) + (opening?.[0].length ?? 0), page.body.indexOf('</div><section id="gtkit-answers">'));
      expect(embedded).toBe(direct);
    } finally {
      await server.close();
      await task.cleanup();
    }
  });
});

describe('preview server: empty, huge and hostile tasks', () => {
  let p: Preview;
  beforeAll(async () => {
    p = await previewTask('text-classification');
  });
  afterAll(() => p.stop());

  it('an empty manifest: an empty index, and item pages that say there is nothing', async () => {
    const manifest = join(p.dir, 'manifest.jsonl');
    const lines = await readFile(manifest, 'utf8');
    await editAndWait(p.server, manifest, () => '\n\n');
    const index = await get(p.server.url, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('0 manifest line(s)');
    // One problem with the file, with what to add, as lint says it.
    expect(index.body).toMatch(/manifest\.jsonl:1:1<\/span>: the manifest has no data objects \(it is empty but for blank lines\)/);
    expect(index.body).toContain('fix: add one JSON object per line');
    const item = await get(p.server.url, '/item/0');
    expect(item.status).toBe(404);
    expect(errorText(item.body)).toContain('the manifest has no data objects');
    expect(errorText(item.body)).toContain('the manifest has 0 line(s)');
    await editAndWait(p.server, manifest, () => lines);
  });

  it('a 2,000-line manifest: listed 500 at a time with links between the pages; the last one renders', async () => {
    const manifest = join(p.dir, 'manifest.jsonl');
    const lines = await readFile(manifest, 'utf8');
    await editAndWait(p.server, manifest, () => Array.from({ length: 2000 }, (_, i) => JSON.stringify({ source: `ticket ${i}`, channel: 'chat' })).join('\n'));
    const rowsOf = (html: string) => [...html.matchAll(/<tr data-item="(\d+)"/g)].map((m) => Number(m[1]));
    const first = (await get(p.server.url, '/')).body;
    expect(rowsOf(first)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(first).toContain('2000 manifest line(s)');
    expect(first).toContain('items 1–500 of 2000: <a href="/?from=500">next 500 →</a> · <a href="/?from=1500">last</a>');
    const third = (await get(p.server.url, '/?from=1000')).body;
    expect(rowsOf(third)[0]).toBe(1000);
    expect(third).toContain('items 1001–1500 of 2000: <a href="/?from=0">first</a> · <a href="/?from=500">← previous 500</a> · <a href="/?from=1500">next 500 →</a>');
    for (const junk of ['-5', 'x', '99999', '1e3']) expect(rowsOf((await get(p.server.url, `/?from=${junk}`)).body)[0], junk).toBe(junk === '1e3' ? 1000 : 0);
    const last = await get(p.server.url, '/item/1999');
    expect(last.status).toBe(200);
    expect(last.body).toContain('ticket 1999');
    expect(last.body).toContain('2000 of 2000 for workers');
    expect(last.body).toContain('<a href="/?from=1500">all items</a>');
    await editAndWait(p.server, manifest, () => lines);
  });

  it('a manifest of bad lines lists the first 100 problems and says how many more there are', async () => {
    const manifest = join(p.dir, 'manifest.jsonl');
    const lines = await readFile(manifest, 'utf8');
    await editAndWait(p.server, manifest, () => `${lines.trimEnd()}\n${Array.from({ length: 250 }, (_, i) => `not json ${i}`).join('\n')}\n`);
    const index = (await get(p.server.url, '/')).body;
    expect((index.match(/class="gtkit-p-problem"/g) ?? []).length).toBe(100);
    expect(index).toContain('…and 150 more problem(s) not listed here.');
    await editAndWait(p.server, manifest, () => lines);
  });

  it('task input that looks like HTML is escaped in the page, as Ground Truth autoescapes', async () => {
    const manifest = join(p.dir, 'manifest.jsonl');
    const lines = await readFile(manifest, 'utf8');
    await editAndWait(p.server, manifest, () => `${JSON.stringify({ source: '</blockquote><script>window.pwned = 1</script><img src=x onerror=alert(1)>' })}\n`);
    const item = await get(p.server.url, '/item/0');
    expect(item.body).toContain('&lt;/blockquote&gt;&lt;script&gt;window.pwned = 1&lt;/script&gt;');
    expect(item.body).not.toContain('<script>window.pwned');
    const index = await get(p.server.url, '/');
    expect(index.body).not.toContain('<script>window.pwned');
    await editAndWait(p.server, manifest, () => lines);
  });

  it('a template over RenderUiTemplate’s 128,000 characters is shown; one over gtkit’s own cap is an error page that says so', async () => {
    const file = join(p.dir, 'template.liquid.html');
    const good = await readFile(file, 'utf8');
    await editAndWait(p.server, file, (t) => `${t}<!-- ${'x'.repeat(130_000)} -->`);
    const long = await get(p.server.url, '/item/0');
    expect(long.status).toBe(200);
    await editAndWait(p.server, file, (t) => `${t}<!-- ${'x'.repeat(1_000_000)} -->`);
    const page = await get(p.server.url, '/item/0');
    expect(page.status).toBe(500);
    expect(errorText(page.body)).toMatch(/^template\.liquid\.html:1:1: the template has [\d,]+ characters; gtkit reads at most 1,000,000/);
    await editAndWait(p.server, file, () => good);
  });

  it('a PRE that never answers times out after the function’s timeout; one that throws a non-Error is reported too', async () => {
    const config = join(p.dir, 'gtkit.config.ts');
    const pre = join(p.dir, 'pre.ts');
    const goodConfig = await readFile(config, 'utf8');
    const goodPre = await readFile(pre, 'utf8');
    await editAndWait(p.server, config, (t) => t.replace('timeoutSeconds: 30', 'timeoutSeconds: 1'));
    await editAndWait(p.server, pre, () => "export const handler = (event: { dataObject: { source?: string } }) => event.dataObject.source?.startsWith('My') ? new Promise(() => undefined) : Promise.reject('plain string');\n");
    const snap = await p.server.snapshot();
    expect(snap.items[0]?.problem?.message).toMatch(/^the PRE failed: the PRE did not return within 1 s \(lambdas\.pre\.timeoutSeconds\) on manifest\.jsonl:1; Lambda would time out$/);
    expect(snap.items[1]?.problem?.message).toBe('the PRE failed: plain string');
    expect((await get(p.server.url, '/item/0')).status).toBe(500);
    await editAndWait(p.server, pre, () => goodPre);
    await editAndWait(p.server, config, () => goodConfig);
    expect((await get(p.server.url, '/item/0')).status).toBe(200);
  });
});
