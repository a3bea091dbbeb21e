import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { shownPath } from '../cli/paths.ts';
import { writeWhole } from '../cli/write-whole.ts';

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
 * Writes --rest: the input manifest's lines (as the file has them, byte for byte) numbered
 * `lineNumbers` (1-based, as the manifest reader numbers them), in manifest order, so that they can
 * be the next job's manifest. The manifest is streamed and only those lines are kept: the whole
 * file is not held a second time beside the lines the run already holds. A manifest changed since
 * it was read (`readAt`) is not copied from: its line numbers may name other lines now.
 */
export async function writeRest(file: string, manifest: string, lineNumbers: readonly number[], readAt: FileStamp | undefined): Promise<RestWritten> {
  const now = await fileStamp(manifest).catch(() => undefined);
  if (now === undefined || readAt === undefined || now.size !== readAt.size || now.mtimeMs !== readAt.mtimeMs || now.ino !== readAt.ino) {
    return { changed: `${manifest} changed while the run worked (it is not the file that was read); --rest was not written, since its line numbers may name other lines now: run gtkit consolidate again` };
  }
  const wanted = [...lineNumbers].sort((a, b) => a - b);
  const rows = await linesOf(manifest, wanted);
  const newline = Buffer.from('\n');
  await writeWhole(file, Buffer.concat(rows.flatMap((row) => [row, newline])), 'give --rest a file in a folder gtkit may write');
  return { file: shownPath(file), lines: rows.length };
}

/** The bytes of the lines numbered `wanted` (sorted, 1-based), each without its line ending (LF or CRLF) and the first without a UTF-8 byte-order mark, as the manifest reader takes them. */
async function linesOf(file: string, wanted: readonly number[]): Promise<Buffer[]> {
  const kept: Buffer[] = [];
  let next = 0;
  let lineNumber = 1;
  let partial: Buffer = Buffer.alloc(0);
  // A copy of each kept line: a slice would keep its whole read chunk alive.
  const keep = (bytes: Buffer) => {
    let row = bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
    if (lineNumber === 1 && row[0] === 0xef && row[1] === 0xbb && row[2] === 0xbf) row = row.subarray(3);
    kept.push(Buffer.from(row));
  };
  for await (const chunk of createReadStream(file)) {
    if (next === wanted.length) break;
    const bytes: Buffer = partial.length > 0 ? Buffer.concat([partial, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let end = bytes.indexOf(0x0a, start); end !== -1 && next < wanted.length; end = bytes.indexOf(0x0a, start)) {
      if (lineNumber === wanted[next]) {
        keep(bytes.subarray(start, end));
        next++;
      }
      lineNumber++;
      start = end + 1;
    }
    // Only the unfinished line is carried into the next chunk.
    partial = Buffer.from(bytes.subarray(start));
  }
  if (next < wanted.length && lineNumber === wanted[next] && partial.length > 0) keep(partial);
  return kept;
}
