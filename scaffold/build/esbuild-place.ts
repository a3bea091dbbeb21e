import { escapeRegExp } from '../../templates/engine/reg-exp.ts';

/**
 * Where esbuild's message text puts a problem in `file`: esbuild (and tsx, which loads a task's
 * TypeScript through it) writes `<file>:<line>:<column>: ERROR: …`, the line counted from 1 and
 * the column from 0. Groups 1 and 2 are the line and the column as written.
 */
export function esbuildPlacePattern(file: string, flags = ''): RegExp {
  return new RegExp(`${escapeRegExp(file)}:(\\d+):(\\d+): `, flags);
}

/** The first place in `file` that an esbuild message names, with the column counted from 1 as editors do. */
export function esbuildPlace(message: string, file: string): { line: number; column: number } | undefined {
  const at = esbuildPlacePattern(file).exec(message);
  return at ? { line: Number(at[1]), column: Number(at[2]) + 1 } : undefined;
}
