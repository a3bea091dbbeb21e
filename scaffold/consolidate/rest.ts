import { readFile, stat } from 'node:fs/promises';
import { shownPath } from '../cli/paths.ts';
import { writeWhole } from '../cli/write-whole.ts';
import { jsonLinesRows } from '../run/json-lines.ts';

/** What tells a file apart from the same path rewritten: taken when the manifest is read, compared before --rest copies its lines. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

export async function fileStamp(file: string): Promise<FileStamp> {
  const { size, mtimeMs, ino } = await stat(file);
  return { size, mtimeMs, ino };
}

/** --rest written, or why not: the manifest is no longer the file whose lines were consolidated. */
export type RestWritten = { file: string; lines: number } | { changed: string };

/**
 * Writes --rest: the input manifest's lines (as the file has them) numbered `lineNumbers` (1-based,
 * as the manifest reader numbers them, with its own line splitter), in manifest order, so that they
 * can be the next job's manifest. A manifest changed since it was read (`readAt`) is not copied
 * from: its line numbers may name other lines now.
 */
export async function writeRest(file: string, manifest: string, lineNumbers: readonly number[], readAt: FileStamp | undefined): Promise<RestWritten> {
  const now = await fileStamp(manifest).catch(() => undefined);
  if (now === undefined || readAt === undefined || now.size !== readAt.size || now.mtimeMs !== readAt.mtimeMs || now.ino !== readAt.ino) {
    return { changed: `${manifest} changed while the run worked (it is not the file that was read); --rest was not written, since its line numbers may name other lines now: run gtkit consolidate again` };
  }
  // Only lines the reader decoded are numbered here (one not valid UTF-8 is a bad line), so the text is the file's bytes.
  const rows = jsonLinesRows(await readFile(manifest, 'utf8'));
  const kept = [...lineNumbers].sort((a, b) => a - b).flatMap((n) => rows[n - 1] ?? []);
  await writeWhole(file, kept.map((row) => `${row}\n`).join(''), 'give --rest a file in a folder gtkit may write');
  return { file: shownPath(file), lines: kept.length };
}
