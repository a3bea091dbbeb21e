import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { taskTemplates } from '../../../templates/catalog/index.ts';
import { shownPath } from '../../../scaffold/cli/paths.ts';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { imageQuotas, imageTaskReason, namedImageProblems } from '../../../scaffold/task/image-quotas.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { taskFolderInputs } from '../../../scaffold/task/task-inputs.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { pngHeader } from '../../helpers/png.ts';
import { tiff } from '../../helpers/tiff.ts';

const temp = useTempRoot('gtkit-image-quota-');

/** Writes the local copy of `uri` under the task's s3/ folder. */
async function writeCopy(dir: string, uri: string, body: Buffer | string): Promise<string> {
  const file = join(dir, 's3', uri.slice('s3://'.length));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, body);
  return file;
}

const sourceRefs = async (dir: string) =>
  (await readFile(join(dir, 'manifest.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { 'source-ref': string })['source-ref']);

const quotaFindings = async (dir: string) => (await lintTarget(dir)).findings.filter((f) => f.ruleId === 'image-quota');

describe('gtkit lint: the local copies of an image task checked against Ground Truth\'s quotas per image', () => {
  let dir: string;
  let refs: string[];
  beforeAll(async () => {
    dir = join(temp.path, 'boxes');
    await initTask({ dir, type: 'bounding-box' });
    refs = await sourceRefs(dir);
  }, 60_000);

  it('a freshly scaffolded image task has nothing to say', async () => {
    expect(await quotaFindings(dir)).toEqual([]);
  }, 60_000);

  it('warns at the line of an image over 100 M pixels, one over 40 MB, and a file that is no image; an unreadable header is quiet', async () => {
    const [a, b, c, d] = refs as [string, string, string, string];
    await writeCopy(dir, a, pngHeader(12_000, 9_000));
    const big = await writeCopy(dir, b, pngHeader(4_000, 3_000));
    await truncate(big, imageQuotas.bytes + 1);
    await writeCopy(dir, c, '%PDF-1.7\n');
    // A JPEG cut inside its header: a browser may still show what there is, so no finding.
    await writeCopy(dir, d, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]));
    // The first image named again on a later line.
    await writeFile(join(dir, 'manifest.jsonl'), `${await readFile(join(dir, 'manifest.jsonl'), 'utf8')}${JSON.stringify({ 'source-ref': a })}\n`);

    const findings = await quotaFindings(dir);
    const local = (uri: string) => shownPath(join(dir, 's3', uri.slice('s3://'.length)));
    expect(findings).toEqual([
      {
        ruleId: 'image-quota',
        severity: 'warning',
        file: shownPath(join(dir, 'manifest.jsonl')),
        line: 1,
        column: 1,
        message: `${a} (local copy ${local(a)}), the source-ref of 1 later line(s) too, is 12,000 × 9,000 pixels (108,000,000), over Ground Truth's quota of 100,000,000 pixels per image: Ground Truth may refuse the job or fail on this object of an image task (its type bounding-box shows each object in crowd-bounding-box)`,
        hint: 'downscale it to 100,000,000 pixels or fewer (11,547 × 8,660 keeps its shape), or split it into tiles, a manifest line each, then upload it again (gtkit deploy --upload-data); a warning only, since an account\'s quota may be higher',
      },
      expect.objectContaining({
        line: 2,
        message: `${b} (local copy ${local(b)}) is 40.0 MB (40,000,001 bytes), over Ground Truth's quota of 40 MB per image file: Ground Truth may refuse the job or fail on this object of an image task (its type bounding-box shows each object in crowd-bounding-box)`,
        hint: expect.stringMatching(/^re-encode it under 40 MB \(JPEG or WebP at a lower quality, or fewer pixels\), then upload it again/),
      }),
      expect.objectContaining({
        line: 3,
        message: `${c} (local copy ${local(c)}) is not an image a browser shows: it is a PDF document; workers of this image task (its type bounding-box shows each object in crowd-bounding-box) would see a broken picture`,
        hint: `put the image itself at ${local(c)}, or point source-ref at an image (PNG, JPEG, GIF, WebP); gtkit preview shows each line as workers see it`,
      }),
    ]);
    // Warnings: the task still lints without errors from this rule.
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
  }, 60_000);

  it('warns about a TIFF or HEIC, which Chrome, Edge and Firefox do not show, with the pixel quota when it is over that too', async () => {
    const [a, b, c] = refs as [string, string, string];
    await writeCopy(dir, a, tiff(true, 2_000, 1_500));
    await writeCopy(dir, b, Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]));
    await writeCopy(dir, c, tiff(true, 20_000, 20_000));
    await writeFile(join(dir, 'manifest.jsonl'), `${[a, b, c].map((uri) => JSON.stringify({ 'source-ref': uri })).join('\n')}\n`);
    const findings = await quotaFindings(dir);
    const local = (uri: string) => shownPath(join(dir, 's3', uri.slice('s3://'.length)));
    expect(findings.map((f) => [f.line, f.message, f.hint])).toEqual([
      [
        1,
        `${a} (local copy ${local(a)}) is a TIFF image, which Chrome, Edge and Firefox do not show: most workers of this image task (its type bounding-box shows each object in crowd-bounding-box) would see a broken picture`,
        "convert it to PNG or JPEG (formats Ground Truth's image tools take), point source-ref at the new file, then upload it (gtkit deploy --upload-data); gtkit preview shows the line as workers see it",
      ],
      [2, expect.stringContaining(`${b} (local copy ${local(b)}) is a HEIF image, which Chrome, Edge and Firefox do not show`), expect.stringMatching(/^convert it to PNG or JPEG/)],
      [
        3,
        expect.stringContaining('is a TIFF image'),
        "convert it to PNG or JPEG (formats Ground Truth's image tools take), point source-ref at the new file; at 20,000 × 20,000 pixels it is over the quota of 100,000,000 pixels per image too, so downscale it to 100,000,000 pixels or fewer (10,000 × 10,000 keeps its shape) as you convert it, then upload it (gtkit deploy --upload-data); gtkit preview shows the line as workers see it",
      ],
    ]);
  }, 60_000);

  it('names both quotas in one finding when an image is over both', async () => {
    const big = await writeCopy(dir, refs[0] as string, pngHeader(20_000, 20_000));
    await truncate(big, 52_400_000);
    const [first] = await quotaFindings(dir);
    expect(first?.message).toContain('is 52.4 MB (52,400,000 bytes), over Ground Truth\'s quota of 40 MB per image file and 20,000 × 20,000 pixels (400,000,000), over its quota of 100,000,000 pixels per image');
    expect(first?.hint).toContain('re-encode it under 40 MB (JPEG or WebP at a lower quality, or fewer pixels); or downscale it to 100,000,000 pixels or fewer (10,000 × 10,000 keeps its shape)');
  }, 60_000);

  it(`names the first ${namedImageProblems} problems and sums up the rest in one finding at the first of them`, async () => {
    const bucketFolder = dirname(refs[0] as string);
    const lines: string[] = [];
    for (let i = 1; i <= 25; i++) {
      const uri = `${bucketFolder}/many/${i}.png`;
      // Lines 1–18 are not images, 19–20 TIFFs, 21–25 too large: each kind counted in the summary.
      await writeCopy(dir, uri, i <= 18 ? 'not a picture\n' : i <= 20 ? tiff(true, 10, 10) : pngHeader(50_000, 50_000));
      lines.push(JSON.stringify({ 'source-ref': uri }));
    }
    await writeFile(join(dir, 'manifest.jsonl'), `${lines.join('\n')}\n`);
    const findings = (await taskFolderInputs(await loadTask(dir))).findings.filter((f) => f.ruleId === 'image-quota');
    expect(findings.map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(findings[10]).toEqual(
      expect.objectContaining({
        severity: 'warning',
        message: `… and 15 more local copies of source-ref objects: 5 over Ground Truth's quotas per image (40 MB, 100,000,000 pixels), 2 in formats most browsers do not show and 8 that are not images a browser shows (from this line, ${bucketFolder}/many/11.png, on)`,
        hint: 'fix them as the ones named above: re-encode or downscale those over a quota, convert those most browsers do not show to PNG or JPEG, replace the files that are not images',
      }),
    );
  }, 60_000);
});

describe('which tasks the quotas apply to', () => {
  it('a text task with the same objects gets no finding, unless its template shows them in a crowd image tool', async () => {
    const dir = join(temp.path, 'text');
    await initTask({ dir, type: 'text-classification' });
    const uri = 's3://acme-sagemaker-gt/huge.png';
    await writeCopy(dir, uri, pngHeader(30_000, 30_000));
    await writeFile(join(dir, 'manifest.jsonl'), `${JSON.stringify({ source: 'some text', 'source-ref': uri })}\n`);
    const findings = async () => (await taskFolderInputs(await loadTask(dir))).findings.filter((f) => f.ruleId === 'image-quota');
    expect(await findings()).toEqual([]);
    const template = await readFile(join(dir, 'template.liquid.html'), 'utf8');
    await writeFile(join(dir, 'template.liquid.html'), template.replace('</crowd-form>', '<crowd-polygon name="outline" src="{{ task.input.taskObject | grant_read_access }}" labels="[]"></crowd-polygon></crowd-form>'));
    expect((await findings()).map((f) => [f.line, f.message])).toEqual([[1, expect.stringMatching(/900,000,000\)[^]*\(its template shows each object in crowd-polygon\)$/)]]);
  }, 60_000);

  it('image types are read from the task-type table (their catalog element), video and text types are not image tasks', async () => {
    const reasons = await Promise.all(
      taskTypeNames.map(async (type) => [type, await imageTaskReason({ config: { type }, paths: { template: taskTemplates[type].file } } as unknown as LoadedTask)] as const),
    );
    expect(Object.fromEntries(reasons)).toEqual({
      'image-classification': 'its type image-classification shows each object in crowd-image-classifier',
      'image-classification-multilabel': 'its type image-classification-multilabel shows each object in crowd-image-classifier-multi-select',
      'text-classification': undefined,
      'text-classification-multilabel': undefined,
      'bounding-box': 'its type bounding-box shows each object in crowd-bounding-box',
      keypoint: 'its type keypoint shows each object in crowd-keypoint',
      polygon: 'its type polygon shows each object in crowd-polygon',
      'named-entity': undefined,
      'free-text': undefined,
      'video-classification': undefined,
      'semantic-segmentation': 'its type semantic-segmentation shows each object in crowd-semantic-segmentation',
    });
  });
});
