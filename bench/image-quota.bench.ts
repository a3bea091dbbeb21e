import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { samplePng } from '../scaffold/init/png.ts';
import type { ManifestLine } from '../scaffold/run/manifest.ts';
import { imageQuotaProblems, localSourceRefImages } from '../scaffold/task/image-quotas.ts';
import { fmt, medianSeconds } from './measure.ts';
import type { BenchResult } from './types.ts';

// The per-image quota check `gtkit lint` and `gtkit deploy --upload-data` run over a task's local
// image copies: find and stat each copy, then read its header for the pixel count. Half PNG,
// half progressive JPEG with a 30 KB Exif segment before the frame header (the reader skips it).
const images = 10_000;

function progressiveJpeg(): Buffer {
  const segment = (marker: number, payload: Buffer) => Buffer.concat([Buffer.from([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  const frame = Buffer.from([8, 0x0b, 0xb8, 0x0f, 0xa0, 1, 1, 0x11, 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), segment(0xe1, Buffer.alloc(30_000, 7)), segment(0xc2, frame), Buffer.alloc(20_000, 1), Buffer.from([0xff, 0xd9])]);
}

export async function run(): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'gtkit-bench-images-'));
  try {
    const folder = join(dir, 's3', 'bucket', 'images');
    await mkdir(folder, { recursive: true });
    const png = samplePng(320, 240, [{ left: 10, top: 10, width: 50, height: 50, rgb: [200, 0, 0] }]);
    const jpeg = progressiveJpeg();
    const lines: ManifestLine[] = [];
    for (let i = 0; i < images; i++) {
      const name = i % 2 ? `${i}.png` : `${i}.jpg`;
      await writeFile(join(folder, name), i % 2 ? png : jpeg);
      lines.push({ datasetObjectId: String(i), lineNumber: i + 1, dataObject: { 'source-ref': `s3://bucket/images/${name}` } });
    }
    let found = 0;
    let problems = 0;
    const seconds = await medianSeconds(async () => {
      const local = await localSourceRefImages({ dir }, lines);
      found = local.length;
      problems = (await imageQuotaProblems(local)).length;
    }, 3, 1);
    return {
      name: 'image-quota',
      tables: [
        {
          title: `Per-image quotas (40 MB, 100 Mpx) over ${images.toLocaleString('en-US')} local copies, half PNG, half progressive JPEG with a 30 KB Exif segment: find, stat, read each header (median of 3 after a warm-up)`,
          columns: ['images', 'found', 'over a quota', 'seconds'],
          rows: [[images, found, problems, fmt(seconds, 2)]],
        },
      ],
      metrics: { image_quota_10k_seconds: seconds },
      targets: [{ what: `quota check of ${images.toLocaleString('en-US')} local images`, target: '≤ 2 s', measured: `${fmt(seconds, 2)} s`, met: seconds <= 2 && found === images }],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
