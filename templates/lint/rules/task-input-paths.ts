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
    if (!ctx.taskInputs || ctx.taskInputs.length === 0 || ctx.liquidError) return [];
    const reported = new Set<string>();
    const findings = [];
    for (let block = liquidBlock.exec(ctx.source); block; block = liquidBlock.exec(ctx.source)) {
      const tag = block[2];
      if (tag && ['if', 'unless', 'elsif'].includes(tag)) continue;
      const body = block[1] ?? block[3] ?? '';
      const bodyStart = block.index + block[0].indexOf(body);
      for (let m = pathInBlock.exec(body); m; m = pathInBlock.exec(body)) {
        const path = `task.input${m[1] ?? ''}`;
        if (reported.has(path)) continue;
        const keys = segments(m[1] ?? '');
        const missing = ctx.taskInputs.filter((t) => !resolves(t.taskInput, keys));
        if (missing.length === 0) continue;
        reported.add(path);
        const first = missing[0]?.origin ?? '';
        findings.push(
          ctx.at(
            bodyStart + m.index,
            'task-input-path',
            'error',
            `${path} is not produced by the PRE for ${missing.length} of ${ctx.taskInputs.length} sample line(s) (first: ${first})`,
            'return this field from pre.ts in taskInput, or fix the path (the template sees taskInput as task.input)',
          ),
        );
      }
      pathInBlock.lastIndex = 0;
    }
    liquidBlock.lastIndex = 0;
    return findings;
  },
};
