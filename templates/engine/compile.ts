import type { Liquid, Template } from 'liquidjs';
import { createEngine, type EngineOptions } from './engine.ts';
import { TemplateError, toTemplateError } from './errors.ts';
import { formatCount, maxSourceChars, maxTemplateChars, overSourceCapProblem, templateTooLargeHint } from './limits.ts';
import type { PresignResolver } from './resolver.ts';

/** A template parsed once and rendered many times (the preview keeps one per template file). */
export interface CompiledTemplate {
  file: string;
  /** The HTML Ground Truth would serve for this task input (`task.input`). */
  render(taskInput: unknown): Promise<string>;
}

export interface CompileOptions {
  /** Named in errors; default `template.liquid.html`. */
  file?: string;
  resolver?: PresignResolver;
  /** Fail on a variable that does not exist (UndefinedVariableError) instead of rendering it empty. */
  strict?: boolean;
  /** @deprecated use `strict`. */
  strictVariables?: boolean;
  /** Lint only: list unknown filters instead of failing on the first, and see every parsed node. */
  strictFilters?: boolean;
  onParsed?: EngineOptions['onParsed'];
}

export const defaultTemplateFile = 'template.liquid.html';

/**
 * Parses the template and returns a renderer that exposes the task input as `task.input`. A
 * template over RenderUiTemplate's 128,000 characters compiles (lint warns about it); one over
 * gtkit's own cap, maxSourceChars, is refused before parsing. Errors, at parse or render time,
 * are `TemplateError`s with the file, line, column, a code frame, a code and a hint.
 *
 * @example
 * const template = compileTemplate(source, { file: 'template.liquid.html', resolver: localResolver() });
 * const html = await template.render({ taskObject: 's3://bucket/cat.jpg', labels: ['cat', 'dog'] });
 */
export function compileTemplate(source: string, options: CompileOptions = {}): CompiledTemplate {
  return compileParsed(source, options).compiled;
}

/** compileTemplate, also returning the engine and parsed nodes (for lint's traced renders). */
export function compileParsed(source: string, options: CompileOptions = {}): { compiled: CompiledTemplate; engine: Liquid; templates: Template[] } {
  const file = options.file ?? defaultTemplateFile;
  if (typeof source !== 'string') throw new TemplateError(`the template must be text, got ${source === null ? 'null' : typeof source}`, file, 1, 1, '', 'syntax', 'read the template file as UTF-8 text');
  if (source.length > maxSourceChars) throw templateOverCap(source.length, file);
  const engineOptions: EngineOptions = {
    strictVariables: options.strict ?? options.strictVariables ?? false,
    ...(options.resolver ? { resolver: options.resolver } : {}),
    ...(options.strictFilters !== undefined ? { strictFilters: options.strictFilters } : {}),
    ...(options.onParsed ? { onParsed: options.onParsed } : {}),
  };
  const engine = createEngine(engineOptions);
  let templates: Template[];
  try {
    templates = engine.parse(source, file);
  } catch (error) {
    throw toTemplateError(error, source, file);
  }
  const compiled: CompiledTemplate = {
    file,
    async render(taskInput) {
      try {
        return String(await engine.render(templates, { task: { input: taskInput } }));
      } catch (error) {
        throw toTemplateError(error, source, file);
      }
    },
  };
  return { compiled, engine, templates };
}

/** A template longer than gtkit reads at all: said as gtkit's guard, since Ground Truth's own limit for a job is not known. */
function templateOverCap(length: number, file: string): TemplateError {
  const problem = overSourceCapProblem(length, `Ground Truth's preview, RenderUiTemplate, refuses more than ${formatCount(maxTemplateChars)}`);
  return new TemplateError(problem, file, 1, 1, '', 'template-too-large', templateTooLargeHint);
}

/**
 * Parses and renders in one go; keep a `compileTemplate` result instead when rendering the same
 * template again.
 */
export async function renderTemplate(source: string, taskInput: unknown, options: CompileOptions = {}): Promise<string> {
  return compileTemplate(source, options).render(taskInput);
}
