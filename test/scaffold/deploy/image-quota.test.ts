import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { shownPath } from '../../../scaffold/cli/paths.ts';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { deployTask } from '../../../scaffold/deploy/deploy.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { deployHarness } from './harness.ts';
import { pngHeader } from '../../helpers/png.ts';

const bucket = 'acme-sagemaker-gt';
const harness = deployHarness([bucket], 'gtkit-image-quota-');
let counter = 0;

/**
 * The fixture task (text classification) with a template that shows each object in
 * crowd-bounding-box, and a manifest naming local copies: an image over the pixel quota, a PDF,
 * a fine image, and a mask that is over the quota but is no line's source-ref (not checked).
 */
async function imageTask(options: { sparseOver40Mb?: boolean } = {}): Promise<{ task: LoadedTask; uri: (key: string) => string }> {
  counter += 1;
  const task = await copyFixture(join(harness.root, `task-${counter}`), { linkGtkit: true });
  task.config.s3.prefix = `quota-${counter}`;
  const template = await readFile(task.paths.template, 'utf8');
  await writeFile(task.paths.template, template.replace('</crowd-form>', '<crowd-bounding-box name="boxes" src="{{ task.input.taskObject | grant_read_access }}" labels="[&quot;car&quot;]"></crowd-bounding-box></crowd-form>'));
  const local = join(task.dir, 's3', bucket, `quota-${counter}`);
  await mkdir(local, { recursive: true });
  await writeFile(join(local, 'huge.png'), pngHeader(15_000, 10_000));
  await writeFile(join(local, 'scan.png'), '%PDF-1.4\n');
  await writeFile(join(local, 'fine.png'), pngHeader(640, 480));
  await writeFile(join(local, 'mask.png'), pngHeader(15_000, 10_000));
  if (options.sparseOver40Mb) await truncate(join(local, 'fine.png'), 41_000_000);
  const uri = (key: string) => `s3://${bucket}/quota-${counter}/${key}`;
  const lines = [
    { source: 'a', 'source-ref': uri('huge.png') },
    { source: 'b', 'source-ref': uri('scan.png') },
    { source: 'c', 'source-ref': uri('fine.png'), mask: uri('mask.png') },
  ];
  await writeFile(task.paths.manifest, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return { task, uri };
}

const quotaWarnings = (warnings: string[]) => warnings.filter((w) => w.startsWith(`${shownPath(join(harness.root, `task-${counter}`, 'manifest.jsonl'))}:`));

describe('gtkit deploy --upload-data: Ground Truth\'s quotas per image, checked before the upload', () => {
  it('warns for each local source-ref over a quota or not an image, in the output and the result, and still uploads', async () => {
    const { task, uri } = await imageTask();
    const lines: string[] = [];
    const result = await deployTask(task, { uploadData: true }, harness.clients(), (l) => lines.push(l));
    const manifest = shownPath(task.paths.manifest);
    const why = 'its template shows each object in crowd-bounding-box';
    expect(quotaWarnings(result.warnings)).toEqual([
      `${manifest}:1: ${uri('huge.png')} (local copy ${shownPath(join(task.dir, 's3', bucket, `quota-${counter}`, 'huge.png'))}) is 15,000 × 10,000 pixels (150,000,000), over Ground Truth's quota of 100,000,000 pixels per image: Ground Truth may refuse the job or fail on this object of an image task (${why}); downscale it to 100,000,000 pixels or fewer (12,247 × 8,164 keeps its shape), or split it into tiles, a manifest line each, then upload it again (gtkit deploy --upload-data); a warning only, since an account's quota may be higher`,
      expect.stringMatching(new RegExp(`^${manifest.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: .*scan\\.png\\) is not an image a browser shows: it is a PDF document; workers of this image task \\(${why}\\) would see a broken picture; put the image itself at `)),
    ]);
    // Printed as they are found, before the upload starts.
    const firstWarning = lines.findIndex((l) => l.startsWith(`warning: ${manifest}:1: `));
    expect(firstWarning).toBeGreaterThanOrEqual(0);
    expect(firstWarning).toBeLessThan(lines.indexOf('upload: 4 data object(s) from s3/'));
    // A warning, not a stop: every object is on S3.
    expect(result.dataObjects).toEqual({ uploaded: 4, unchanged: 0, missing: [] });
    await harness.s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: `quota-${counter}/huge.png` }));
  });

  it('--dry-run gives the same warnings (an object over 40 MB included) and uploads nothing; --json carries them', async () => {
    const { task, uri } = await imageTask({ sparseOver40Mb: true });
    const result = await deployTask(task, { uploadData: true, dryRun: true }, harness.clients(), () => {});
    expect(quotaWarnings(result.warnings).map((w) => w.slice(w.indexOf(': ') + 2, w.indexOf(' (local copy')))).toEqual([uri('huge.png'), uri('scan.png'), uri('fine.png')]);
    expect(quotaWarnings(result.warnings)[2]).toContain('is 41 MB (41,000,000 bytes), over Ground Truth\'s quota of 40 MB per image file');
    expect((await harness.s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `quota-${counter}/` }))).KeyCount ?? 0).toBe(0);

    const out: string[] = [];
    await runDeployCommand(task.dir, { uploadData: true, dryRun: true, json: true }, { out: (l) => out.push(l), err: () => {} }, () => harness.clients());
    const json = JSON.parse(out.join('\n')) as { ok: boolean; warnings: string[] };
    expect(json.ok).toBe(true);
    expect(json.warnings.filter((w) => /over Ground Truth's quota|is not an image/.test(w))).toEqual(quotaWarnings(result.warnings));
  });

  it('a task whose template shows no image tool gets no quota warning', async () => {
    const { task } = await imageTask();
    await writeFile(task.paths.template, (await readFile(task.paths.template, 'utf8')).replace(/<crowd-bounding-box[^]*?<\/crowd-bounding-box>/, ''));
    const result = await deployTask(task, { uploadData: true, dryRun: true }, harness.clients(), () => {});
    expect(quotaWarnings(result.warnings)).toEqual([]);
  });
});
