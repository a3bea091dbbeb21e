import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bothSourceKeys, emptySources, isObjectUri, ManifestFileError, parseManifest, readManifest, reasonWithFix } from '../../../scaffold/run/manifest.ts';
import { dataPrefixesOfManifest } from '../../../scaffold/deploy/policies.ts';
import { sourceRefLines } from '../../../scaffold/task/image-quotas.ts';
import { CliError } from '../../../scaffold/cli/exit-codes.ts';

describe('parseManifest', () => {
  it('numbers objects by position and reports each bad line with its number, keeping positions', () => {
    const text = [
      '{"source":"a"}',
      '',
      '{"source":',
      '[1,2]',
      '{"other":1}',
      '{"source-ref":"s3://b/k.jpg","meta":{"x":1}}',
      '{"source":"b","$bad":1}',
    ].join('\r\n');
    const { lines, problems } = parseManifest(text, 'm.jsonl');
    expect(lines.map((l) => [l.datasetObjectId, l.lineNumber])).toEqual([
      ['0', 1],
      ['4', 6],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^m\.jsonl:3: not valid JSON/),
      'm.jsonl:4: expected a JSON object, got an array',
      'm.jsonl:5: has neither "source" (text) nor "source-ref" (an s3:// URI)',
      'm.jsonl:7: attribute "$bad" starts with "$", which Ground Truth reserves',
    ]);
  });

  it('a source given as something other than a string is named as such, not as missing', () => {
    const { lines, problems } = parseManifest('{"source-ref":5}\n{"source":null}\n{"source":["a"],"source-ref":{}}\n{"source":"ok","source-ref":5}', 'm.jsonl');
    expect(problems.map((p) => p.message)).toEqual([
      'm.jsonl:1: "source-ref" must be a string (an s3:// URI), got number',
      'm.jsonl:2: "source" must be a string (the text), got null',
      'm.jsonl:3: "source-ref" must be a string (an s3:// URI), got object; "source" must be a string (the text), got array',
      // The task types take source-ref before source, so it is checked beside text too.
      'm.jsonl:4: "source-ref" must be a string (an s3:// URI), got number; it is used before "source" — remove it to use the text',
    ]);
    expect(lines).toEqual([]);
  });

  it('a source-ref that is not the s3:// URI of a file is a bad line, not a run that fails later', () => {
    const rows = ['{"source-ref":""}', '{"source-ref":"http://example.com/a.jpg"}', '{"source-ref":"s3://bucket"}', '{"source-ref":"s3://bucket/"}', `{"source-ref":"${'x'.repeat(200)}"}`, '{"source-ref":"s3://bucket/a b.jpg"}', '{"source":"text wins","source-ref":""}'];
    const { lines, problems } = parseManifest(rows.join('\n'), 'm.jsonl');
    expect(problems.map((p) => p.message)).toEqual([
      'm.jsonl:1: "source-ref" must be the s3:// URI of a file (s3://bucket/key), got ""',
      'm.jsonl:2: "source-ref" must be the s3:// URI of a file (s3://bucket/key), got "http://example.com/a.jpg"',
      'm.jsonl:3: "source-ref" must be the s3:// URI of a file (s3://bucket/key), got "s3://bucket"',
      'm.jsonl:4: "source-ref" must be the s3:// URI of a file (s3://bucket/key), got "s3://bucket/"',
      `m.jsonl:5: "source-ref" must be the s3:// URI of a file (s3://bucket/key), got "${'x'.repeat(80)}…"`,
      // Beside text too: the task types take source-ref first, so the object would be "".
      'm.jsonl:7: "source-ref" must be the s3:// URI of a file (s3://bucket/key), got ""; it is used before "source" — remove it to use the text',
    ]);
    expect(lines.map((l) => [l.lineNumber, l.datasetObjectId])).toEqual([[6, '5']]);
  });

  it('a bucket name with a space is no S3 URI, though parseS3Uri would split it (so the check is not parseS3Uri)', () => {
    const { lines, problems } = parseManifest('{"source-ref":"s3://my bucket/a.jpg"}\n{"source-ref":"s3://b/a\\nb.jpg"}', 'm.jsonl');
    expect(problems.map((p) => p.message)).toEqual(['m.jsonl:1: "source-ref" must be the s3:// URI of a file (s3://bucket/key), got "s3://my bucket/a.jpg"']);
    // A key may hold any character, a line break too.
    expect(lines.map((l) => l.dataObject['source-ref'])).toEqual(['s3://b/a\nb.jpg']);
  });

  it('enforces the line and attribute size limits', () => {
    const longAttr = JSON.stringify({ source: 'x'.repeat(20_001) });
    const longLine = JSON.stringify({ source: 'ok', a: 'x'.repeat(19_000), b: 'x'.repeat(19_000), c: 'x'.repeat(19_000), d: 'x'.repeat(19_000), e: 'x'.repeat(19_000), f: 'x'.repeat(19_000) });
    const { lines, problems } = parseManifest(`${longAttr}\n${longLine}\n`);
    expect(lines).toEqual([]);
    expect(problems[0]?.message).toContain('attribute "source" has 20001 characters; Ground Truth allows 20000');
    expect(problems[1]?.message).toMatch(/the line has \d+ characters; Ground Truth allows 100000/);
  });

  it('says how to bring a line or attribute under its limit: shorten it, or keep the text in an S3 object named by "source-ref"', () => {
    const longSource = JSON.stringify({ source: 'x'.repeat(20_001) });
    const longOther = JSON.stringify({ source: 'ok', notes: 'x'.repeat(20_001) });
    // Over the line's limit, the advice is about its largest attribute: another one here (the first of equals), the text there.
    const longLine = JSON.stringify({ source: 'ok', a0: 'x'.repeat(18_000), ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`a${i + 1}`, 'x'.repeat(19_000)])) });
    const longText = JSON.stringify({ source: 'x'.repeat(19_500), ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`a${i}`, 'x'.repeat(19_000)])) });
    const { problems } = parseManifest(`${longSource}\n${longOther}\n${longLine}\n${longText}\n${longLine.slice(0, -1)}\n`, 'm.jsonl');
    const sourceFix = 'shorten "source", or put the long text in an S3 object and give its URI as "source-ref" in place of "source"';
    expect(problems.map((p) => [p.lineNumber, p.fix])).toEqual([
      [1, sourceFix],
      [2, 'shorten "notes", or keep that data in an S3 object and give its URI in the line instead (the PRE can read it from there)'],
      [3, 'shorten the line (its largest attribute is "a1"), or keep that data in an S3 object and give its URI in the line instead (the PRE can read it from there)'],
      [4, 'shorten the line, or put the long text in an S3 object and give its URI as "source-ref" in place of "source"'],
      // Not JSON as well: no attribute to name.
      [5, 'shorten the line'],
    ]);
    // The reason alone (lint shows the fix once, as its hint); a run and the preview say both.
    expect(problems[0]).toMatchObject({ reason: 'attribute "source" has 20001 characters; Ground Truth allows 20000', message: `m.jsonl:1: attribute "source" has 20001 characters; Ground Truth allows 20000; ${sourceFix}` });
    expect(reasonWithFix(problems[0]!)).toBe(`attribute "source" has 20001 characters; Ground Truth allows 20000; ${sourceFix}`);
  });

  it('reads past a byte-order mark, and gives each problem its reason apart from its place', () => {
    const { lines, problems } = parseManifest('\uFEFF{"source":"first"}\nnull\n', 'm.jsonl');
    expect(lines.map((l) => l.dataObject.source)).toEqual(['first']);
    expect(problems).toEqual([{ lineNumber: 2, reason: 'expected a JSON object, got null', message: 'm.jsonl:2: expected a JSON object, got null' }]);
  });

  it('handles an empty manifest and a huge one', () => {
    expect(parseManifest('')).toEqual({ lines: [], problems: [] });
    const big = Array.from({ length: 50_000 }, (_, i) => JSON.stringify({ source: `t${i}` })).join('\n');
    expect(parseManifest(big).lines).toHaveLength(50_000);
  });

  it('keeps hostile content as data', () => {
    const { lines } = parseManifest('{"source":"<script>alert(1)</script>","__proto__":{"x":1}}');
    expect(lines[0]?.dataObject.source).toBe('<script>alert(1)</script>');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('a missing manifest is a one-line error to fix, not an internal error', async () => {
    await expect(readManifest('/nonexistent/manifest.jsonl')).rejects.toThrow(CliError);
    await expect(readManifest('/nonexistent/manifest.jsonl')).rejects.toThrow('/nonexistent/manifest.jsonl: no such file; give the input manifest (one JSON object per line)');
  });

  it('a line that is not UTF-8 is a bad line, not a line with its bytes quietly replaced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-manifest-'));
    const file = join(dir, 'manifest.jsonl');
    await writeFile(file, Buffer.concat([Buffer.from('{"source-ref":"s3://b/ok.png"}\n{"source-ref":"s3://b/caf'), Buffer.from([0xe9]), Buffer.from('.png"}\n{"source-ref":"s3://b/caf\u00e9.png"}\n')]));
    const { lines, problems } = await readManifest(file);
    expect(lines.map((l) => [l.lineNumber, l.datasetObjectId, l.dataObject['source-ref']])).toEqual([
      [1, '0', 's3://b/ok.png'],
      [3, '2', 's3://b/café.png'],
    ]);
    expect(problems.map((p) => p.message)).toEqual([`${file}:2: not valid UTF-8 (some bytes are no character; a file saved as Latin-1?); save the manifest as UTF-8`]);
    await rm(dir, { recursive: true, force: true });
  });

  it('says whether the file starts with a UTF-8 byte-order mark (lint warns of it without reading the file again), in a file with a line that is not UTF-8 too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-manifest-'));
    const file = join(dir, 'manifest.jsonl');
    await writeFile(file, '\uFEFF{"source":"a"}\n');
    expect(await readManifest(file)).toMatchObject({ byteOrderMark: true, lines: [{ dataObject: { source: 'a' } }] });
    await writeFile(file, Buffer.concat([Buffer.from('\uFEFF{"source":"a"}\n{"source":"'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    expect((await readManifest(file)).byteOrderMark).toBe(true);
    await writeFile(file, '{"source":"a\uFEFF"}\n');
    expect((await readManifest(file)).byteOrderMark).toBe(false);
    await rm(dir, { recursive: true, force: true });
  });
});


describe('isObjectUri: the one rule for which manifest values are data objects', () => {
  it('takes s3://bucket/key and refuses no key, a space in the bucket, and what is not a string', () => {
    expect(['s3://b/k', 's3://b/dir/k.png', 's3://b/k with space'].every(isObjectUri)).toBe(true);
    expect(['s3://b/', 's3://b', 's3:///k', 's3://my bucket/k', 'https://b/k', 1, null, undefined].some(isObjectUri)).toBe(false);
  });

  it('the image quotas and the role\'s read access follow it: a value with a space in its bucket is no data object', () => {
    const text = ['{"source-ref":"s3://b/imgs/a.png","mask":"s3://my bucket/masks/a.png"}', '{"source-ref":"s3://b/imgs/b.png"}'].join('\n');
    expect(dataPrefixesOfManifest(parseManifest(text).lines)).toEqual(['s3://b/imgs/']);
    expect([...sourceRefLines(parseManifest(text).lines)]).toEqual([['s3://b/imgs/a.png', [1]], ['s3://b/imgs/b.png', [2]]]);
  });
});

describe('bothSourceKeys', () => {
  it('names each readable line that gives both source and source-ref as text, and no other', () => {
    const rows = ['{"source":"a"}', '{"source-ref":"s3://b/k.jpg"}', '{"source":"b","source-ref":"s3://b/k.jpg"}', '{"source":"c","source-ref":5}'];
    const { lines, problems } = parseManifest(rows.join('\n'), 'm.jsonl');
    expect(problems.map((p) => p.message)).toEqual(['m.jsonl:4: "source-ref" must be a string (an s3:// URI), got number; it is used before "source" — remove it to use the text']);
    expect(bothSourceKeys(lines).map(({ line, message }) => `m.jsonl:${line.lineNumber}: ${message}`)).toEqual([
      'm.jsonl:3: has both "source" and "source-ref"; Ground Truth\'s behaviour here is not documented (gtkit uses "source-ref") — keep one',
    ]);
  });
});

describe('emptySources', () => {
  it('names each line whose "source" is empty or blank and has no source-ref, and keeps it among the good lines', () => {
    const rows = ['{"source":""}', '{"source":"   \\t\\r\\n"}', '{"source":"a"}', '{"source":"","source-ref":"s3://b/k.txt"}', '{"source-ref":"s3://b/k.jpg"}', '{"source":"\\u00a0"}'];
    const { lines, problems } = parseManifest(rows.join('\n'), 'm.jsonl');
    expect(problems).toEqual([]);
    expect(lines).toHaveLength(6);
    expect(emptySources(lines).map(({ line, message, fix }) => `m.jsonl:${line.lineNumber}: ${message}; ${fix}`)).toEqual([
      'm.jsonl:1: "source" is empty, so workers would be shown nothing to label; put the text to label in "source", or remove the line',
      'm.jsonl:2: "source" holds only blank space, so workers would be shown nothing to label; put the text to label in "source", or remove the line',
      'm.jsonl:6: "source" holds only blank space, so workers would be shown nothing to label; put the text to label in "source", or remove the line',
    ]);
  });
});

describe('a manifest whose every line is unreadable for one reason is told so once', () => {
  it('UTF-16 (either byte order) and CR-only line endings; a single line with a CR inside is not mistaken for them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-manifest-whole-'));
    try {
      const lines = ['{"source": "a"}', '{"source": "b"}'];
      const utf16 = join(dir, 'utf16.jsonl');
      await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\n'), 'utf16le')]));
      await expect(readManifest(utf16)).rejects.toThrow(new ManifestFileError(utf16, 'utf-16', 'the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8, one JSON object per line'));
      const utf16be = join(dir, 'utf16be.jsonl');
      await writeFile(utf16be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{}', 'utf16le').swap16()]));
      await expect(readManifest(utf16be)).rejects.toThrow(/the file is UTF-16/);
      // Without a byte-order mark (iconv -t UTF-16LE, PowerShell): the NUL beside each ASCII character tells, in either order; the same one error.
      const noMarkLe = join(dir, 'utf16le-no-bom.jsonl');
      await writeFile(noMarkLe, Buffer.from(`${lines.join('\n')}\n`, 'utf16le'));
      await expect(readManifest(noMarkLe)).rejects.toThrow(new ManifestFileError(noMarkLe, 'utf-16', 'the file is UTF-16 (no byte-order mark, but a NUL byte beside each of its first characters, as UTF-16 little-endian writes them); save it as UTF-8, one JSON object per line'));
      const noMarkBe = join(dir, 'utf16be-no-bom.jsonl');
      await writeFile(noMarkBe, Buffer.from('{"source": "日本語のテキスト"}\n', 'utf16le').swap16());
      await expect(readManifest(noMarkBe)).rejects.toThrow(/^.*: the file is UTF-16 \(no byte-order mark, but .* as UTF-16 big-endian writes them\)/);
      // A UTF-8 file of text in another script, or one stray NUL, is no UTF-16.
      const utf8 = join(dir, 'utf8-cjk.jsonl');
      await writeFile(utf8, '{"source": "日本語のテキスト、ﾃｷｽﾄ"}\n{"source": "Ā"}\n');
      expect((await readManifest(utf8)).lines).toHaveLength(2);
      const nul = join(dir, 'nul.jsonl');
      await writeFile(nul, '{"source": "a"}\u0000\n');
      expect((await readManifest(nul)).problems).toHaveLength(1);
      const cr = join(dir, 'cr.jsonl');
      await writeFile(cr, `${lines.join('\r')}\r`);
      await expect(readManifest(cr)).rejects.toThrow(new ManifestFileError(cr, 'cr-line-endings', 'the lines end in CR alone (old Mac line endings), so the file reads as one line; save it with LF (or CRLF) line endings'));
      const one = join(dir, 'one.jsonl');
      await writeFile(one, '{"source": "a\\rb"}\r');
      expect((await readManifest(one)).lines.map((l) => l.dataObject.source)).toEqual(['a\rb']);
      const crlf = join(dir, 'crlf.jsonl');
      await writeFile(crlf, `${lines.join('\r\n')}\r\n`);
      expect((await readManifest(crlf)).lines).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
