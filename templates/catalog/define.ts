import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TaskTypeName } from '../../lambdas/task-types/names.ts';

/** A worker template of the catalog: one per task type, written from the element contracts. */
export interface CatalogTemplate<TTaskInput = unknown> {
  type: TaskTypeName;
  title: string;
  /** The crowd element that produces the answer. */
  element: string;
  /** Its `name`: the answer's key in `answerContent`. */
  answerField: string;
  /** False only for crowd-entity-annotation, which brings its own form. */
  insideCrowdForm: boolean;
  /** The template text, read from the plain `<type>.liquid.html` file beside this module. */
  source: string;
  /** Where that file is, for users who copy it. */
  file: string;
  /** Task inputs it renders with in tests, the docs and the bench: a typical one first, then awkward ones. */
  sampleTaskInputs: TTaskInput[];
}

/** A catalog entry whose template text is read from `templateFile` (a URL beside the module). */
export function defineCatalogTemplate<TTaskInput>(entry: Omit<CatalogTemplate<TTaskInput>, 'source' | 'file'>, templateFile: URL): CatalogTemplate<TTaskInput> {
  return { ...entry, source: readFileSync(templateFile, 'utf8'), file: fileURLToPath(templateFile) };
}
