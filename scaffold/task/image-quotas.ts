import { andList } from '../../lambdas/contracts/list-text.ts';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { mapLimited } from '../../lambdas/handlers/concurrency.ts';
import { taskTemplates } from '../../templates/catalog/index.ts';
import { formatCount } from '../../templates/engine/limits.ts';
import { shownPath } from '../cli/paths.ts';
import { isObjectUri, type ManifestLine } from '../run/manifest.ts';
import { imageSizeOfFile, type ImageSize } from './image-size.ts';
import { imageToolOfTemplate, isImageTool } from './image-tools.ts';
import { localCopyOf, s3Layout } from './local-s3-copies.ts';
import type { LoadedTask } from './load-task.ts';
import { MAX_PNG_PIXELS } from '../../lambdas/consolidation/segmentation/png.ts';

/** Each `source-ref` URI of the manifest with the numbers of the lines that name it, in line order. */
export function sourceRefLines(lines: readonly ManifestLine[]): Map<string, number[]> {
  const byUri = new Map<string, number[]>();
  for (const line of lines) {
    const ref = line.dataObject['source-ref'];
    if (!isObjectUri(ref)) continue;
    const list = byUri.get(ref);
    if (list) list.push(line.lineNumber);
    else byUri.set(ref, [line.lineNumber]);
  }
  return byUri;
}

/**
 * Ground Truth's quotas per image file of an image task (reference §8, DG-QUOTAS): 40 MB and
 * 100 million pixels (the second for jobs without automated labeling, which gtkit does not set
 * up). The docs do not say whether a MB is 10^6 or 2^20 bytes: the smaller reading warns on
 * every file that may be over.
 */
export const imageQuotas = { bytes: 40_000_000, pixels: MAX_PNG_PIXELS } as const;

/** Files whose headers are read at once: enough to overlap the disk's latency. */
const headerReads = 8;

/** Problems named one by one before the rest are summed up in one more: enough to act on, few enough to read. */
export const namedImageProblems = 10;

/** A manifest line's `source-ref` object with a local copy: what gtkit can check before a job starts. */
export interface LocalImage {
  uri: string;
  file: string;
  bytes: number;
  /** The first line whose `source-ref` it is. */
  lineNumber: number;
  /** How many later lines name it too. */
  alsoOn: number;
}

/** The LocalImage of a `source-ref` URI, from its local copy and the lines naming it (a {@link sourceRefLines} list, in line order). */
export function localImage(uri: string, file: string, bytes: number, lines: readonly number[]): LocalImage {
  return { uri, file, bytes, lineNumber: lines[0] as number, alsoOn: lines.length - 1 };
}

/**
 * Image formats Chrome, Edge and Firefox do not show (Safari shows some), none of them among those
 * Ground Truth's image tools list (reference §4.2: APNG, BMP, GIF, ICO, JPEG, PNG, SVG). Scans,
 * aerial and microscope images often come as TIFF.
 */
const formatsFewBrowsersShow: ReadonlySet<string> = new Set(['TIFF', 'BigTIFF', 'HEIF', 'JPEG 2000', 'JPEG XL']);

type ReadSize = Extract<ImageSize, { kind: 'size' }>;

/**
 * A local image over a quota (with its size when its header was read), an image in a format most
 * browsers do not show (with its size when it is over the pixel quota too), or a file that is not
 * an image at all.
 */
export type ImageQuotaProblem =
  | { kind: 'over-quota'; image: LocalImage; overBytes: boolean; size?: ReadSize }
  | { kind: 'not-shown'; image: LocalImage; format: string; size?: ReadSize }
  | { kind: 'not-image'; image: LocalImage; reason: string };

/**
 * Why a task's `source-ref` objects are images Ground Truth's quotas apply to, or undefined when
 * they are not: its type's catalog element is a crowd image tool (bounding box, keypoint, polygon,
 * image classification), or its template names one, as a custom template may (the same test as
 * the CORS check's). Video and text tasks have no such quota.
 */
export async function imageTaskReason(task: Pick<LoadedTask, 'config' | 'paths'>): Promise<string | undefined> {
  const element = taskTemplates[task.config.type]?.element;
  if (element && isImageTool(element)) return `its type ${task.config.type} shows each object in ${element}`;
  const template = await readFile(task.paths.template, 'utf8').catch(() => '');
  const tool = imageToolOfTemplate(template);
  return tool ? `its template shows each object in ${tool}` : undefined;
}

/** The manifest lines' `source-ref` objects that have a local copy under `<task>/s3/`, once per URI at the first line naming it. */
export async function localSourceRefImages(task: Pick<LoadedTask, 'dir'>, lines: readonly ManifestLine[]): Promise<LocalImage[]> {
  const root = join(task.dir, s3Layout.folder);
  const found = await mapLimited([...sourceRefLines(lines)], headerReads, async ([uri, numbers]) => {
    const file = await localCopyOf(root, uri.slice('s3://'.length));
    return file ? localImage(uri, file, (await stat(file)).size, numbers) : undefined;
  });
  return found.filter((image) => image !== undefined);
}

/**
 * Checks each local image against the quotas: its size from the file system, its pixels from
 * its header (read alone, never the whole file). A header that cannot be read is no problem
 * here, since a browser may still show the image; bytes that match no image format are, and so
 * is an image in a format most browsers do not show (TIFF, HEIF, …), since workers would see a
 * broken picture. Problems come in the order of `images`: manifest-line order, as both
 * producers ({@link localSourceRefImages}, deploy's plannedSourceRefImages) list them.
 */
export async function imageQuotaProblems(images: readonly LocalImage[]): Promise<ImageQuotaProblem[]> {
  const checked = await mapLimited(images, headerReads, async (image): Promise<ImageQuotaProblem | undefined> => {
    const size = await imageSizeOfFile(image.file, image.bytes);
    if (size.kind === 'not-image') return { kind: 'not-image', image, reason: size.reason };
    const overBytes = image.bytes > imageQuotas.bytes;
    const overPixels = size.kind === 'size' && size.width * size.height > imageQuotas.pixels;
    const pixels = overPixels && size.kind === 'size' ? { size } : {};
    // Converting such a file to PNG or JPEG re-encodes it too, so its byte count is moot; its pixels are not.
    if (size.format !== undefined && formatsFewBrowsersShow.has(size.format)) return { kind: 'not-shown', image, format: size.format, ...pixels };
    if (!overBytes && !overPixels) return undefined;
    return { kind: 'over-quota', image, overBytes, ...pixels };
  });
  return checked.filter((p) => p !== undefined);
}

/** One note per problem, at its manifest line: the first {@link namedImageProblems} named, the rest as one more at the first of them. */
export function imageQuotaNotes(problems: readonly ImageQuotaProblem[], why: string): Array<{ lineNumber: number; message: string; hint: string }> {
  const notes = problems.slice(0, namedImageProblems).map((p) => ({ lineNumber: p.image.lineNumber, ...imageProblemText(p, why) }));
  const rest = problems.slice(namedImageProblems);
  const first = rest[0];
  if (first) {
    const kinds: Array<[ImageQuotaProblem['kind'], string]> = [
      ['over-quota', `over Ground Truth's quotas per image (${mb(imageQuotas.bytes)}, ${formatCount(imageQuotas.pixels)} pixels)`],
      ['not-shown', 'in formats most browsers do not show'],
      ['not-image', 'that are not images a browser shows'],
    ];
    const counted = kinds.map(([kind, text]) => [rest.filter((p) => p.kind === kind).length, text] as const).filter(([n]) => n > 0).map(([n, text]) => `${n} ${text}`);
    const what = andList(counted);
    notes.push({
      lineNumber: first.image.lineNumber,
      message: `… and ${rest.length} more local cop${rest.length === 1 ? 'y' : 'ies'} of source-ref objects: ${what} (from this line, ${first.image.uri}, on)`,
      hint: 'fix them as the ones named above: re-encode or downscale those over a quota, convert those most browsers do not show to PNG or JPEG, replace the files that are not images',
    });
  }
  return notes;
}

/** What is wrong with one object and what to do, for a lint finding or a deploy warning. */
function imageProblemText(problem: ImageQuotaProblem, why: string): { message: string; hint: string } {
  const { image } = problem;
  const copy = `${image.uri} (local copy ${shownPath(image.file)})${image.alsoOn > 0 ? `, the source-ref of ${image.alsoOn} later line(s) too,` : ''}`;
  if (problem.kind === 'not-image') {
    return {
      message: `${copy} is not an image a browser shows: ${problem.reason}; workers of this image task (${why}) would see a broken picture`,
      hint: `put the image itself at ${shownPath(image.file)}, or point source-ref at an image (PNG, JPEG, GIF, WebP); gtkit preview shows each line as workers see it`,
    };
  }
  if (problem.kind === 'not-shown') {
    const pixels = problem.size ? `; at ${formatCount(problem.size.width)} × ${formatCount(problem.size.height)} pixels it is over the quota of ${formatCount(imageQuotas.pixels)} pixels per image too, so ${downscaleTo(problem.size)} as you convert it` : '';
    return {
      message: `${copy} is a ${problem.format} image, which Chrome, Edge and Firefox do not show: most workers of this image task (${why}) would see a broken picture`,
      hint: `convert it to PNG or JPEG (formats Ground Truth's image tools take), point source-ref at the new file${pixels}, then upload it (gtkit deploy --upload-data); gtkit preview shows the line as workers see it`,
    };
  }
  const over: string[] = [];
  const fixes: string[] = [];
  if (problem.overBytes) {
    over.push(`is ${mb(image.bytes)} (${formatCount(image.bytes)} bytes), over Ground Truth's quota of ${mb(imageQuotas.bytes)} per image file`);
    fixes.push(`re-encode it under ${mb(imageQuotas.bytes)} (JPEG or WebP at a lower quality, or fewer pixels)`);
  }
  if (problem.size) {
    const { width, height } = problem.size;
    over.push(`${problem.overBytes ? 'and ' : 'is '}${formatCount(width)} × ${formatCount(height)} pixels (${formatCount(width * height)}), over ${problem.overBytes ? 'its' : "Ground Truth's"} quota of ${formatCount(imageQuotas.pixels)} pixels per image`);
    fixes.push(`${downscaleTo(problem.size)}, or split it into tiles, a manifest line each`);
  }
  return {
    message: `${copy} ${over.join(' ')}: Ground Truth may refuse the job or fail on this object of an image task (${why})`,
    hint: `${fixes.join('; or ')}, then upload it again (gtkit deploy --upload-data); a warning only, since an account's quota may be higher`,
  };
}

/** `downscale it to 100,000,000 pixels or fewer (11,547 × 8,660 keeps its shape)`. */
function downscaleTo({ width, height }: { width: number; height: number }): string {
  const scale = Math.sqrt(imageQuotas.pixels / (width * height));
  return `downscale it to ${formatCount(imageQuotas.pixels)} pixels or fewer (${formatCount(Math.floor(width * scale))} × ${formatCount(Math.floor(height * scale))} keeps its shape)`;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes % 1e6 === 0 ? 0 : 1)} MB`;
