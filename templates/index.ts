/** gtkit's template side: the Ground Truth-compatible Liquid engine, the catalog and lint. */
export * from './engine/index.ts';
export * from './catalog/index.ts';
export { lintTemplate, formatFindings, lintRules, type LintFinding, type LintRule, type LintTaskInput, type LintOptions, type FormatOptions } from './lint/index.ts';
export { elementSpecs, type ElementSpec } from './elements/spec.ts';
export { parseLenientValue } from './elements/attributes.ts';
