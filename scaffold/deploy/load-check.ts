import { isBuiltin } from 'node:module';
import type { BuiltTaskLambdas } from '../../build.ts';
import { BundleLoadError, functionLabels, loadBuiltHandler, missingExportOf, missingPackageOf } from '../task/load-bundles.ts';
import type { LoadedTask } from '../task/load-task.ts';
import type { LambdaRuntime } from './lambda-functions.ts';
import { DeployError } from './step.ts';

/**
 * Before anything is deployed, and in a dry run: both bundles are loaded here as Lambda's cold
 * start loads them (`load-bundles.ts`, as `gtkit run` does), so an import Lambda would fail on
 * (a name `@aws-sdk/client-s3` or `node:fs` does not export) stops the deploy instead of every
 * invocation of the function. The load runs the bundles' top level on this machine, as
 * `gtkit run` does.
 *
 * Two failures are this machine's, not the task's, and are warnings: an `@aws-sdk/*` package
 * that is installed neither in the task folder nor with gtkit (the Lambda runtime provides every
 * one), and a Node built-in name this Node lacks when the runtime's Node is a later one.
 */

/** The packages the Lambda runtime provides, which the bundles leave external (build.ts's `external`). */
function runtimeProvides(pkg: string): boolean {
  return pkg.startsWith('@aws-sdk/');
}

/** "No such built-in module: node:sqlite" → `node:sqlite`. */
function unknownBuiltinOf(error: unknown): string | undefined {
  if ((error as NodeJS.ErrnoException | null)?.code !== 'ERR_UNKNOWN_BUILTIN_MODULE') return undefined;
  return /built-in module: (\S+)/.exec((error as Error).message)?.[1];
}

/** The Node major version a runtime such as `nodejs24.x` runs. */
function nodeMajorOf(runtime: LambdaRuntime): number {
  return Number(/^nodejs(\d+)/.exec(runtime)?.[1] ?? 0);
}

/**
 * Why a load failure says nothing of how the function loads in Lambda, or undefined when it is
 * the task's: a runtime-provided package not installed here, or a built-in of a Node later than
 * this one. `localNode` is this Node's version (`process.versions.node`).
 */
export function failsOnlyHere(error: unknown, runtime: LambdaRuntime, localNode = process.versions.node): string | undefined {
  const pkg = missingPackageOf(error);
  if (pkg !== undefined && runtimeProvides(pkg)) {
    return `'${pkg}' is installed neither in the task folder nor with gtkit, and the Lambda runtime provides it; install it in the task folder (npm install --save-dev ${pkg}) so that deploy can check the names imported from it`;
  }
  const module = missingExportOf(error)?.module ?? unknownBuiltinOf(error);
  const builtin = module !== undefined && (module.startsWith('node:') || isBuiltin(module));
  const local = Number(localNode.split('.')[0]);
  if (builtin && local < nodeMajorOf(runtime)) {
    return `this machine runs Node.js ${localNode} and ${runtime} Node.js ${nodeMajorOf(runtime)}, whose '${module}' may have what this one lacks; deploy with Node.js ${nodeMajorOf(runtime)} to check it`;
  }
  return undefined;
}

/**
 * The bundles (file and code digest) this process has loaded without a failure: the same code
 * from the same place loads the same way, and each load is a module instance of its own that
 * stays in memory, so a process that deploys a task again (a watch, the tests) loads it once.
 */
const loadedFine = new Set<string>();

/**
 * Loads each built bundle as Lambda's cold start does. One that fails is a DeployError naming its
 * task file, the import and what to do, ending with `stopped` (what the command did not do: the
 * check comes before any change); a failure that is this machine's (`failsOnlyHere`) is a warning
 * that says what could not be checked.
 */
export async function checkBundlesLoad(
  task: Pick<LoadedTask, 'paths'>,
  built: Pick<BuiltTaskLambdas, 'pre' | 'acs'>,
  { runtime, warn, stopped }: { runtime: LambdaRuntime; warn: (line: string) => void; stopped: string },
): Promise<void> {
  for (const which of ['pre', 'acs'] as const) {
    const key = `${built[which].bundleFile} ${built[which].codeSha256}`;
    if (loadedFine.has(key)) continue;
    try {
      await loadBuiltHandler(task, built, which);
      loadedFine.add(key);
    } catch (error) {
      if (!(error instanceof BundleLoadError)) throw error;
      const onlyHere = failsOnlyHere(error.cause, runtime);
      if (onlyHere === undefined) throw new DeployError(`${error.message}. ${stopped}`);
      warn(`${error.file}: gtkit could not check that the ${functionLabels[which]} Lambda loads as it would at cold start (${(error.cause as Error).message}): ${onlyHere}`);
    }
  }
}
