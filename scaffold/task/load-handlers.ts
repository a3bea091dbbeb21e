import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { tsImport } from 'tsx/esm/api';
import { CliError } from '../cli/exit-codes.ts';
import { prepareTaskImports } from './task-imports.ts';
import { importAsWritten } from './import-as-written.js';
import { unlessStalled } from './unless-stalled.ts';
import type { LoadedTask } from './load-task.ts';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Imports a handler module and returns its `handler` export, fresh on every call, so a second load
 * in one process sees edits (not a JavaScript handler's own imports, and not a `.cjs` file: Node
 * keeps one copy of a CommonJS module per path). TypeScript goes through tsx; a JavaScript file
 * (`files.pre: "pre.js"`) is imported as written, since tsx would load a `pre.ts` beside it
 * instead, which is not the file gtkit build bundles. A handler that imports the AWS SDK without
 * an install of its own gets gtkit's, as Lambda lends the runtime's (see `prepareTaskImports`).
 */
export async function importHandler(file: string, exportName = 'handler'): Promise<LambdaHandler> {
  if (!existsSync(file)) throw new CliError(`${file}: no such file; every task folder needs it (gtkit init writes one)`);
  let mod: Record<string, unknown>;
  prepareTaskImports();
  try {
    const url = `${pathToFileURL(file).href}?t=${Date.now()}-${Math.random()}`;
    mod = (await unlessStalled(/\.[cm]?js$/i.test(file) ? importAsWritten(url) : tsImport(url, import.meta.url))) as Record<string, unknown>;
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
