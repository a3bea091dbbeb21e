import type { Metafile } from 'esbuild';
import { stableSourceName, type SourceRoots } from './source-map.ts';

/** How many bytes of a bundle one part contributes: the task's code, gtkit, or one npm package. */
export interface BundlePart {
  part: string;
  bytes: number;
}

/** The part a stable source name belongs to: `task`, `gtkit`, or the npm package (`@aws-sdk/client-s3`). */
function partOf(name: string): string {
  if (name.startsWith('task/')) return 'task';
  if (name.startsWith('gtkit/')) return 'gtkit';
  if (name.startsWith('node_modules/')) {
    const [first, second] = name.slice('node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second ?? ''}` : (first ?? name);
  }
  return name;
}

/**
 * What a bundle is made of, largest part first (ties by name), from esbuild's metafile. The
 * figures are bytes in the minified output, so they add up to about the bundle's size.
 */
export function bundleComposition(metafile: Metafile, roots: Omit<SourceRoots, 'mapDir'> & { workingDir: string }): BundlePart[] {
  // One entry point, one output file (plus its map).
  const output = Object.entries(metafile.outputs).find(([file]) => !file.endsWith('.map'))?.[1];
  if (!output) return [];
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const part = partOf(stableSourceName(input, { mapDir: roots.workingDir, taskDir: roots.taskDir, gtkitRoot: roots.gtkitRoot }));
    totals.set(part, (totals.get(part) ?? 0) + bytesInOutput);
  }
  return [...totals]
    .map(([part, bytes]) => ({ part, bytes }))
    .filter((p) => p.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || (a.part < b.part ? -1 : 1));
}

/** Packages a bundle imports at run time instead of carrying (e.g. `@aws-sdk/client-s3` with `--sdk runtime`). */
export function runtimeImports(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    for (const imp of output.imports) if (imp.external && !imp.path.startsWith('node:')) found.add(imp.path);
  }
  return [...found].sort();
}
