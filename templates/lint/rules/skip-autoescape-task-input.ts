import type { LiquidToken } from '../liquid-scan.ts';
import { filtersOf, rootsOf } from '../liquid-names.ts';
import type { LintFinding, SourceRule } from '../types.ts';

const escapes = (filters: string[]) => filters.includes('escape') || filters.includes('escape_once');

/**
 * `skip_autoescape` on data from the task input lets that data put HTML and scripts into the
 * worker's page (XSS). Follows the data through `assign` and `for` variables; a value escaped on
 * the way (`| escape`) is safe, and `capture` output is escaped when captured. A warning: the job
 * runs, but it trusts its input.
 */
export const skipAutoescapeTaskInput: SourceRule = {
  id: 'skip-autoescape-task-input',
  description: 'skip_autoescape on task input (XSS)',
  check(ctx) {
    const tainted = new Set<string>(['task']);
    const isTainted = (markup: string) => rootsOf(markup).some((r) => tainted.has(r));
    const findings: LintFinding[] = [];
    const report = (t: LiquidToken) =>
      findings.push(
        ctx.at(t.begin, 'skip-autoescape-task-input', 'warning', 'task input is written without escaping: its data can put HTML and scripts into the worker page', 'drop | skip_autoescape, or make the PRE return only HTML it has sanitised'),
      );
    for (const t of ctx.liquidTokens) {
      if (t.kind === 'output' || (t.kind === 'tag' && t.name === 'echo')) {
        const filters = filtersOf(t.markup);
        if (filters.includes('skip_autoescape') && !escapes(filters) && isTainted(t.markup)) report(t);
        continue;
      }
      const assign = t.name === 'assign' ? /^([A-Za-z_][\w-]*)\s*=\s*([\s\S]*)$/.exec(t.markup) : null;
      if (assign) {
        const [, name = '', expression = ''] = assign;
        if (isTainted(expression) && !escapes(filtersOf(expression))) tainted.add(name);
        else tainted.delete(name);
        continue;
      }
      const loop = t.name === 'for' || t.name === 'tablerow' ? /^([A-Za-z_][\w-]*)\s+in\s+([\s\S]*)$/.exec(t.markup) : null;
      if (loop) {
        const [, name = '', expression = ''] = loop;
        if (isTainted(expression)) tainted.add(name);
        else tainted.delete(name);
      }
    }
    return findings;
  },
};
