/**
 * gtkit preview: the template filled in locally, per manifest line, with live reload and
 * captured answers. `startPreview` is what `gtkit preview` runs; the rest is for tests and tools.
 */
export { startPreview, defaultWorkerId, type PreviewOptions, type PreviewServer } from './server.ts';
export { s3Layout } from '../task/local-s3-copies.ts';
export { isCrowdScriptReachable, type CrowdScriptMode } from './crowd-script.ts';
export type { TaskSnapshot, PreviewItem } from './task-snapshot.ts';
export type { PreviewProblem } from './problem.ts';
