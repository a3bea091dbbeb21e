import { basename } from 'node:path';
import { loadBundledHandler, type BuiltTaskLambdas } from '../../build.ts';
import type { LambdaHandler } from './load-handlers.ts';
import type { LoadedTask } from './load-task.ts';

/**
 * Loading a built bundle as Lambda's cold start does: importing it runs its top level and binds
 * the imports the bundle left to the runtime (`@aws-sdk/*` in every PRE and in an ACS built with
 * `--sdk runtime`, Node's built-ins). esbuild checks the names imported from the files it bundles,
 * not from those: a name the module does not export only fails here, and in Lambda it fails every
 * invocation (Runtime.ImportModuleError). `gtkit run` and `gtkit deploy` both load through this.
 */

/** The two functions, as messages name them. */
export const functionLabels = { pre: 'PRE', acs: 'ACS' } as const;

/** A bundle that fails to load; `message` names the task's file and says what to do, `cause` is Node's error. */
export class BundleLoadError extends Error {
  constructor(
    readonly which: 'pre' | 'acs',
    readonly file: string,
    cause: unknown,
  ) {
    super(`${file}: the ${functionLabels[which]} Lambda fails to load, as it would at cold start: ${whyItFails(which, file, cause)}`, { cause });
    this.name = 'BundleLoadError';
  }
}

/** The named import Node could not bind: "The requested module 'm' does not provide an export named 'x'". */
export function missingExportOf(error: unknown): { module: string; name: string } | undefined {
  const found = /The requested module '([^']+)' does not provide an export named '([^']+)'/.exec(messageOf(error));
  return found?.[1] !== undefined && found[2] !== undefined ? { module: found[1], name: found[2] } : undefined;
}

/** The package an import names that is not installed: "Cannot find package 'p' imported from …". */
export function missingPackageOf(error: unknown): string | undefined {
  if ((error as NodeJS.ErrnoException | null)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  return /Cannot find package '([^']+)'/.exec(messageOf(error))?.[1];
}

/** Node's message, then what to do about it when Node's error says which import failed. */
function whyItFails(which: 'pre' | 'acs', file: string, error: unknown): string {
  const message = messageOf(error);
  const where = `${basename(file)} or a task file it imports`;
  const missing = missingExportOf(error);
  if (missing) {
    return `${message}: '${missing.module}' has no export ${missing.name}, and Lambda would fail every ${functionLabels[which]} invocation (Runtime.ImportModuleError); correct the name in its import (${where})`;
  }
  const pkg = missingPackageOf(error);
  if (pkg) return `${message}: nothing installed provides '${pkg}'; install it in the task folder (npm install ${pkg}), or remove its import (${where})`;
  return message;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Loads one built bundle (`which`) and returns its handler, or throws a BundleLoadError naming its task file. */
export async function loadBuiltHandler(task: Pick<LoadedTask, 'paths'>, built: Pick<BuiltTaskLambdas, 'pre' | 'acs'>, which: 'pre' | 'acs'): Promise<LambdaHandler> {
  try {
    return (await loadBundledHandler(built[which].bundleFile)) as LambdaHandler;
  } catch (error) {
    throw new BundleLoadError(which, task.paths[which], error);
  }
}

/** Loads both built bundles, the PRE first; the first that fails throws a BundleLoadError naming its task file (`pre.ts`, `acs.ts`). */
export async function loadBuiltHandlers(task: Pick<LoadedTask, 'paths'>, built: Pick<BuiltTaskLambdas, 'pre' | 'acs'>): Promise<{ pre: LambdaHandler; acs: LambdaHandler }> {
  return { pre: await loadBuiltHandler(task, built, 'pre'), acs: await loadBuiltHandler(task, built, 'acs') };
}
