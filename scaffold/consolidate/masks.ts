import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { LocalObjectStore } from '../../lambdas/io/local-store.ts';
import { joinS3Uri } from '../../lambdas/io/object-store.ts';
import { mapLimited } from '../../lambdas/handlers/concurrency.ts';
import { maskFolder } from '../../lambdas/task-types/mask-output.ts';
import { CliError } from '../cli/exit-codes.ts';
import { shownPath } from '../cli/paths.ts';
import { writeWhole } from '../cli/write-whole.ts';

/** `output.manifest` → `output-masks`, beside it. */
export function defaultMasksFolder(out: string): string {
  const name = basename(out);
  const dot = name.lastIndexOf('.');
  return join(dirname(out), `${dot > 0 ? name.slice(0, dot) : name}-masks`);
}

/** The file that marks a folder as gtkit consolidate's masks, so that a later run may empty it of its PNGs and of nothing else. */
const masksMarker = '.gtkit-masks';

/**
 * Copies the mask PNGs the ACS wrote under `<annotations>/gtkit-masks/` to `folder` and returns
 * each URI's file path (absolute). The folder is made when missing; an earlier run's PNGs there are
 * removed first, so it holds this run's masks only. A folder holding anything gtkit did not write
 * (no marker, or not empty) is refused: it may be the user's.
 */
export async function keepMasks(store: LocalObjectStore, annotations: string, folder: string): Promise<{ folder: string; files: number; paths: Map<string, string> } | undefined> {
  const uriPrefix = `${joinS3Uri(annotations, maskFolder)}/`;
  const uris = await store.list(uriPrefix);
  if (uris.length === 0) return undefined;
  await emptyMasksFolder(folder);
  const paths = new Map(uris.map((uri) => [uri, resolve(folder, uri.slice(uriPrefix.length))]));
  await mapLimited(uris, 16, async (uri) => writeWhole(paths.get(uri) as string, await store.getBytes(uri), 'give --masks a folder gtkit may write'));
  return { folder: shownPath(folder), files: uris.length, paths };
}

/** Makes `folder` ready for this run's masks: made and marked when missing or empty, emptied of its PNGs when an earlier run marked it, refused otherwise. */
async function emptyMasksFolder(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    names = [];
  }
  if (names.length > 0 && !names.includes(masksMarker)) {
    throw new CliError(`the masks folder ${shownPath(folder)} already holds files gtkit consolidate did not write (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); give --masks a new or empty folder, or empty this one`);
  }
  await Promise.all(names.filter((n) => n.toLowerCase().endsWith('.png')).map((n) => rm(join(folder, n), { force: true })));
  if (!names.includes(masksMarker)) await writeWhole(join(folder, masksMarker), 'Mask PNGs written by gtkit consolidate; the next run into this folder removes its PNGs first.\n', 'give --masks a folder gtkit may write');
}

/** The ACS labelled each line with its mask's URI in the scratch store, which is gone after the run: the label becomes the kept file's path. */
export function labelsAsMaskPaths(lines: ReadonlyArray<Record<string, unknown> | string>, attr: string, paths: ReadonlyMap<string, string>): void {
  for (const line of lines) {
    const path = typeof line !== 'string' && typeof line[attr] === 'string' ? paths.get(line[attr]) : undefined;
    if (path !== undefined && typeof line !== 'string') line[attr] = path;
  }
}
