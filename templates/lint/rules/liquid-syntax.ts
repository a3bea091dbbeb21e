import type { LintRule } from '../types.ts';

/** The template must parse as Liquid, with only filters Ground Truth knows. */
export const liquidSyntax: LintRule = {
  id: 'liquid-syntax',
  description: 'Liquid syntax errors and unknown filters',
  check(ctx) {
    const e = ctx.liquidError;
    if (!e || e.code === 'template-too-large') return [];
    return [{ ruleId: e.code === 'unknown-filter' ? 'unknown-filter' : 'liquid-syntax', severity: 'error', message: e.problem, file: ctx.file, line: e.line, column: e.column, hint: e.hint || 'fix the Liquid at this place' }];
  },
};
