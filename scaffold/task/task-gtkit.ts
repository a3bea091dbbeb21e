import { gtkitBuildId } from '../build/build-id.ts';
import { findInstalledGtkit, runningGtkitRoot } from '../build/resolve-gtkit.ts';
import { shellWord } from '../cli/paths.ts';

/**
 * Whether a task folder's code runs with another gtkit than the CLI's. A task's `pre.ts`, `acs.ts`
 * and config import the gtkit its own `node_modules/gtkit` holds, and `gtkit build` bundles that
 * one into the Lambdas, on purpose: it is what the folder installed. After an upgrade of one of
 * the two (a `git pull` of the CLI's clone, an `npm link`), they differ, and nothing else shows it:
 * every gtkit so far is version 0.1.0.
 */

/**
 * The note build, run, deploy, lint and preview give when the gtkit `taskDir` resolves is not the
 * running one: both paths (real paths, so a link to the same checkout is the same gtkit), their
 * build ids, and what to do. Undefined when they are the same, or the folder installs no gtkit
 * (it then gets the running one).
 *
 * @example
 * const note = otherGtkitNote(task.dir);
 * if (note) output.err(`note: ${note}`);
 */
export function otherGtkitNote(taskDir: string): string | undefined {
  const installed = findInstalledGtkit(taskDir);
  if (installed === undefined || installed === runningGtkitRoot) return undefined;
  const build = (root: string) => {
    const id = gtkitBuildId(root);
    return id ? ` (gtkit-build ${id})` : '';
  };
  return `this task's gtkit is ${installed}${build(installed)}, not the one running this command, ${runningGtkitRoot}${build(runningGtkitRoot)}: pre.ts, acs.ts and the config import the task's, and gtkit build bundles it into the Lambdas. Run npm install in the task folder to install the gtkit its package.json names, or npm install ${shellWord(runningGtkitRoot)} there to use this one`;
}
