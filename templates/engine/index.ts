export { createEngine, compileTemplate, renderTemplate, toTemplateError, type CompiledTemplate, type CompileOptions, type EngineOptions } from './engine.ts';
export { TemplateError, codeFrame, positionOf } from './errors.ts';
export { maxTemplateChars, groundTruthFilters } from './limits.ts';
export { s3Location, type PresignResolver } from './resolver.ts';
export { deterministicResolver } from './resolvers/deterministic.ts';
export { localResolver } from './resolvers/local.ts';
export { s3PresignResolver } from './resolvers/s3-presign.ts';
