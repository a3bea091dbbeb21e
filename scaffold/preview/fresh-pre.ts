import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build, type BuildFailure, type Message } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import type { LambdaHandler } from '../task/load-handlers.ts';
import { bundleLocator, type LocateThrow } from '../build/thrown-at.ts';
import { frameFromFile, type PreviewProblem } from './problem.ts';
import { prepareTaskImports } from '../task/task-imports.ts';
import { makeFolder } from '../cli/make-folder.ts';

/** A PRE handler loaded from source, and a way to find user-code positions in its errors. */
export interface FreshPre {
  handler: LambdaHandler;
  /** Where in the user's files an error was thrown (first frame in their code), if anywhere. */
  locate: LocateThrow;
}

/** The PRE source did not bundle (a syntax error, an import that does not resolve). */
export class PreLoadError extends Error {
  constructor(readonly problems: PreviewProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'PreLoadError';
  }
}

/**
 * Loads `pre.ts` so that every edit shows, including edits to what it imports
 * (`gtkit.config.ts`, helper modules): a module loader caches imported modules, so importing
 * pre.ts afresh alone would keep their old versions. esbuild bundles pre.ts with its relative
 * imports (packages stay external, so `gtkit` is the installed one) into `scratchDir`, and the
 * bundle is imported under a new name. Unchanged code reuses the last handler.
 */
export class FreshPreLoader {
  private last: { code: string; pre: FreshPre } | undefined;
  private count = 0;

  constructor(private readonly scratchDir: string) {}

  async load(preFile: string): Promise<FreshPre> {
    const outfile = join(this.scratchDir, `pre-${process.pid}-${++this.count}.mjs`);
    let code: string;
    let map: string;
    try {
      const result = await build({
        entryPoints: [preFile],
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        packages: 'external',
        sourcemap: 'external',
        write: false,
        outfile,
        logLevel: 'silent',
      });
      code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))?.text ?? '';
      map = result.outputFiles.find((f) => f.path.endsWith('.map'))?.text ?? '{}';
    } catch (error) {
      const messages = (error as Partial<BuildFailure>).errors;
      if (!messages?.length) throw error;
      throw new PreLoadError(messages.map((m) => fromBuildMessage(m, preFile)));
    }
    if (this.last && this.last.code === code) return this.last.pre;
    // makeFolder, not a recursive mkdir: it keeps the task's .gtkit folder 0700 (the bundle is the user's code).
    await makeFolder(this.scratchDir);
    await writeFile(outfile, code);
    // The bundle holds only pre.ts and its relative imports (packages stay external): every source is the user's.
    const locate = bundleLocator(outfile, map, (source) => resolve(this.scratchDir, source));
    let mod: Record<string, unknown>;
    prepareTaskImports();
    try {
      mod = (await tsImport(pathToFileURL(outfile).href, import.meta.url)) as Record<string, unknown>;
    } catch (error) {
      // Thrown while the module ran its top level (e.g. a config that does not validate).
      const at = locate(error) ?? { file: preFile, line: 1, column: 1 };
      const frame = frameFromFile(at.file, at.line, at.column);
      throw new PreLoadError([{ stage: 'pre', ...at, message: `could not load: ${(error as Error).message}`, ...(frame ? { codeFrame: frame } : {}) }]);
    } finally {
      // The module stays loaded; the file was only needed to import it.
      await rm(outfile, { force: true });
    }
    const handler = mod.handler ?? (mod.default as Record<string, unknown> | undefined)?.handler;
    if (typeof handler !== 'function') {
      throw new PreLoadError([{ stage: 'pre', file: preFile, line: 1, column: 1, message: 'exports no function "handler" (Lambda calls pre.handler)', hint: 'export const handler = preHandler(…)' }]);
    }
    const pre: FreshPre = { handler: handler as LambdaHandler, locate };
    this.last = { code, pre };
    return pre;
  }
}

function fromBuildMessage(m: Message, preFile: string): PreviewProblem {
  const file = m.location?.file ? resolve(m.location.file) : preFile;
  const line = m.location?.line ?? 1;
  const column = (m.location?.column ?? 0) + 1;
  const frame = m.location ? frameFromFile(file, line, column) : '';
  return { stage: 'pre', file, line, column, message: m.text, ...(m.notes[0]?.text ? { hint: m.notes[0].text } : {}), ...(frame ? { codeFrame: frame } : {}) };
}
