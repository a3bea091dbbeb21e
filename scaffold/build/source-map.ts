import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface SourceRoots {
  /** Folder holding the map (esbuild writes `sources` relative to it). */
  mapDir: string;
  taskDir: string;
  gtkitRoot: string;
}

const posix = (p: string) => p.split(sep).join('/');

function inside(dir: string, file: string): string | undefined {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? posix(rel) : undefined;
}

/**
 * Names one source the same way wherever the build ran: `task/acs.ts`, `gtkit/lambdas/…`,
 * `node_modules/<package>/…`. esbuild writes paths relative to the output folder, which differ
 * between checkouts and CI machines; stable names keep the zip (and its CodeSha256) identical
 * for identical code, and still read well in a CloudWatch stack trace.
 */
export function stableSourceName(source: string, roots: SourceRoots): string {
  const abs = resolve(roots.mapDir, source);
  const modules = abs.lastIndexOf(`${sep}node_modules${sep}`);
  if (modules >= 0) return `node_modules/${posix(abs.slice(modules + `${sep}node_modules${sep}`.length))}`;
  const inTask = inside(roots.taskDir, abs);
  if (inTask) return `task/${inTask}`;
  const inGtkit = inside(roots.gtkitRoot, abs);
  if (inGtkit) return `gtkit/${inGtkit}`;
  // Anything else (a file shared from outside both folders) keeps only its last two segments.
  return `external/${posix(abs).split('/').slice(-2).join('/')}`;
}

/** Rewrites a v3 source map's `sources` with stable names; other fields are left as esbuild wrote them. */
export function stabiliseSourceMap(mapText: string, roots: SourceRoots): string {
  const map = JSON.parse(mapText) as { sources?: unknown } | null;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new Error('source map is not a JSON object');
  if (!Array.isArray(map.sources)) throw new Error('source map has no "sources" array');
  map.sources = map.sources.map((s) => (typeof s === 'string' ? stableSourceName(s, roots) : s));
  return JSON.stringify(map);
}

/**
 * The task file a stable source name stands for (`task/lib/vote.ts` → `<taskDir>/lib/vote.ts`),
 * or undefined for gtkit's own code, an npm package or a file from elsewhere: what a bundle's
 * stack frame maps to, turned back into a file the user edits.
 */
export function taskFileOfSource(name: string, taskDir: string): string | undefined {
  return name.startsWith('task/') ? resolve(taskDir, ...name.slice('task/'.length).split('/')) : undefined;
}
