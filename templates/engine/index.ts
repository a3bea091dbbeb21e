/** The Ground Truth-compatible Liquid engine: `import { compileTemplate } from 'gtkit/templates'`. */
export { createEngine, type EngineOptions } from './engine.ts';
export { compileTemplate, renderTemplate, defaultTemplateFile, type CompiledTemplate, type CompileOptions } from './compile.ts';
export { TemplateError, toTemplateError, codeFrame, positionOf, type TemplateErrorCode } from './errors.ts';
export { escapeHtml, escapePolicy } from './escaping.ts';
export { groundTruthFilters, shopifyFilters, knownFilters, unavailableTags } from './filters.ts';
export { maxBlockNesting, maxSourceChars, maxTemplateChars, renderGuards } from './limits.ts';
export { s3Location, type PresignResolver } from './resolver.ts';
export { deterministicResolver } from './resolvers/deterministic.ts';
export { localResolver } from './resolvers/local.ts';
export { s3PresignResolver } from './resolvers/s3-presign.ts';
