import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ContractError } from '../../lambdas/contracts/errors.ts';
import { tsImport } from 'tsx/esm/api';
import { TaskConfigError, UsageError } from '../cli/exit-codes.ts';
import { defaultTaskFiles, type TaskConfig } from '../config/define-task.ts';
import { validateTaskConfig } from '../config/validate-config.ts';
import { unlessStalled } from './unless-stalled.ts';
import { prepareTaskImports } from './task-imports.ts';

/** A task folder, its config and the absolute paths of its files. */
export interface LoadedTask {
  dir: string;
  configFile: string;
  config: TaskConfig;
  paths: {
    template: string;
    manifest: string;
    answers: string;
    pre: string;
    acs: string;
  };
}

/** A task folder's files by role: what the config's `files` names, else the default name. */
export type TaskFiles = Record<keyof typeof defaultTaskFiles, string>;

/**
 * The task's files as its config names them (`files`, each defaulting to {@link defaultTaskFiles}),
 * relative to the task folder unless written absolute: loadTask resolves them, lint's hints name them.
 */
export function taskFilesOf(config: Pick<TaskConfig, 'files'>): TaskFiles {
  return { ...defaultTaskFiles, ...config.files };
}

/** Finds the config file of a task folder (or accepts the config file itself). */
export function resolveTaskConfigFile(target: string): string {
  const abs = resolve(target);
  if (!existsSync(abs)) throw new UsageError(`${target}: no such file or folder`);
  if (statSync(abs).isFile()) return abs;
  const file = join(abs, defaultTaskFiles.config);
  if (!existsSync(file)) {
    // A JavaScript config is a likely slip: name it, since gtkit reads only the .ts one.
    const other = ['gtkit.config.js', 'gtkit.config.mjs', 'gtkit.config.mts'].find((name) => existsSync(join(abs, name)));
    const found = other ? `; found ${other}: rename it to ${defaultTaskFiles.config}, which is the name gtkit reads` : '; create one with gtkit init <dir> --type <type>';
    throw new UsageError(`${abs}: not a gtkit task folder (no ${defaultTaskFiles.config})${found}`);
  }
  return file;
}

/**
 * Loads a task folder: imports its `gtkit.config.ts` (TypeScript, through tsx), checks the
 * config's shape and resolves the file paths it names.
 */
export async function loadTask(target = '.'): Promise<LoadedTask> {
  const configFile = resolveTaskConfigFile(target);
  const dir = dirname(configFile);
  let mod: { default?: unknown };
  prepareTaskImports();
  try {
    // A query string makes every load fresh, so a preview that reloads sees edits.
    mod = (await unlessStalled(tsImport(`${pathToFileURL(configFile).href}?t=${Date.now()}`, import.meta.url))) as { default?: unknown };
  } catch (error) {
    throw new TaskConfigError(`${configFile}: could not load the task config: ${(error as Error).message}`, configFile, 'load');
  }
  // A config loaded as CommonJS (no "type": "module" nearby) arrives wrapped once more.
  let raw = mod.default;
  if (raw && typeof raw === 'object' && 'default' in raw && !('type' in raw)) raw = (raw as { default: unknown }).default;
  let config: TaskConfig;
  try {
    config = validateTaskConfig(raw, configFile);
  } catch (error) {
    throw new TaskConfigError((error as Error).message, configFile, 'check', error instanceof ContractError ? error.issues : []);
  }
  const files = taskFilesOf(config);
  return {
    dir,
    configFile,
    config,
    paths: {
      // resolve, not join: an absolute path in `files` stays as written.
      template: resolve(dir, files.template),
      manifest: resolve(dir, files.manifest),
      answers: resolve(dir, files.answers),
      pre: resolve(dir, files.pre),
      acs: resolve(dir, files.acs),
    },
  };
}
