import type { SourceRule } from '../types.ts';

/** The template must parse as Liquid, with the tags Ground Truth has. */
export const liquidSyntax: SourceRule = {
  id: 'liquid-syntax',
  description: 'Liquid that does not parse (unclosed tags and outputs, unknown tags)',
  check(ctx) {
    const e = ctx.liquidError;
    // A template too large for the engine to read is template-too-large's to report, once.
    if (!e || e.code === 'template-too-large') return [];
    return [{ ruleId: 'liquid-syntax', severity: 'error', message: e.problem, file: ctx.file, line: e.line, column: e.column, hint: e.hint || 'fix the Liquid at this place' }];
  },
};
