import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { tsImport } from 'tsx/esm/api';
import { CliError } from '../cli/exit-codes.ts';
import type { LoadedTask } from './load-task.ts';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Imports a handler module from TypeScript source (fresh on every call, so a preview that
 * reloads sees edits) and returns its `handler` export.
 */
export async function importHandler(file: string, exportName = 'handler'): Promise<LambdaHandler> {
  if (!existsSync(file)) throw new CliError(`${file}: no such file; every task folder needs it (gtkit init writes one)`);
  let mod: Record<string, unknown>;
  try {
    mod = (await tsImport(`${pathToFileURL(file).href}?t=${Date.now()}-${Math.random()}`, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`${file}: could not load: ${(error as Error).message}`);
  }
  const fn = mod[exportName] ?? (mod.default as Record<string, unknown> | undefined)?.[exportName];
  if (typeof fn !== 'function') throw new CliError(`${file}: exports no function "${exportName}" (Lambda calls <file>.${exportName})`);
  return fn as LambdaHandler;
}

/** The task's PRE and ACS handlers from source. */
export async function importTaskHandlers(task: LoadedTask): Promise<{ pre: LambdaHandler; acs: LambdaHandler }> {
  return { pre: await importHandler(task.paths.pre), acs: await importHandler(task.paths.acs) };
}
