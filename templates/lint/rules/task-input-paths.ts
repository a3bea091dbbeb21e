import type { LintRule } from '../types.ts';

// `task.input` paths inside {{ … }} and {% … %}: dots (hyphens allowed), [n] and ['key'].
const liquidBlock = /\{\{([\s\S]*?)\}\}|\{%-?\s*(\w+)([\s\S]*?)-?%\}/g;
const pathInBlock = /task\.input((?:\.[A-Za-z0-9_-]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\])*)/g;
const liquidProperties = new Set(['size', 'first', 'last']);

function segments(path: string): string[] {
  const out: string[] = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

/** Whether a path resolves in a value, with Liquid's `size`/`first`/`last` on arrays and strings. */
function resolves(value: unknown, keys: string[]): boolean {
  let current = value;
  for (const key of keys) {
    if (current === null || current === undefined) return false;
    if ((Array.isArray(current) || typeof current === 'string') && liquidProperties.has(key)) return true;
    if (typeof current !== 'object') return false;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * Every `task.input` path the template reads must be produced by the PRE for the sample lines.
 * Paths tested inside `if`/`unless`/`elsif` conditions may be missing on purpose, so they are not
 * reported.
 */
export const taskInputPaths: LintRule = {
  id: 'task-input-path',
  description: 'task.input paths the PRE does not produce',
  check(ctx) {
    const taskInputs = ctx.taskInputs;
    if (!taskInputs || taskInputs.length === 0 || ctx.liquidError) return [];
    const reported = new Set<string>();
    const findings = [];
    // Paths tested by enclosing if/unless blocks may be missing on purpose inside them.
    const guards: string[][] = [];
    const guarded = (path: string) => guards.some((g) => g.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)));
    for (let block = liquidBlock.exec(ctx.source); block; block = liquidBlock.exec(ctx.source)) {
      const tag = block[2];
      const body = block[1] ?? block[3] ?? '';
      const paths = [...body.matchAll(pathInBlock)].map((m) => ({ path: `task.input${m[1] ?? ''}`, keys: segments(m[1] ?? ''), index: m.index ?? 0 }));
      if (tag === 'if' || tag === 'unless') {
        guards.push(paths.map((p) => p.path));
        continue;
      }
      if (tag === 'elsif') {
        guards[guards.length - 1]?.push(...paths.map((p) => p.path));
        continue;
      }
      if (tag === 'endif' || tag === 'endunless') {
        guards.pop();
        continue;
      }
      const bodyStart = block.index + block[0].indexOf(body);
      for (const { path, keys, index } of paths) {
        if (reported.has(path) || guarded(path)) continue;
        const missing = taskInputs.filter((t) => !resolves(t.taskInput, keys));
        if (missing.length === 0) continue;
        reported.add(path);
        const first = missing[0]?.origin ?? '';
        findings.push(
          ctx.at(
            bodyStart + index,
            'task-input-path',
            'error',
            `${path} is not produced by the PRE for ${missing.length} of ${taskInputs.length} sample line(s) (first: ${first})`,
            'return this field from pre.ts in taskInput, or fix the path (the template sees taskInput as task.input)',
          ),
        );
      }
    }
    liquidBlock.lastIndex = 0;
    return findings;
  },
};
