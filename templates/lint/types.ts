import type { TemplateError } from '../engine/errors.ts';

export interface LintFinding {
  ruleId: string;
  severity: 'error' | 'warning';
  message: string;
  file: string;
  /** 1-based, into the template source. */
  line: number;
  column: number;
  hint: string;
}

/** An element found in HTML, with where it starts in the text it was parsed from. */
export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  offset: number;
  /** Tags of the enclosing elements, outermost first. */
  ancestors: string[];
  selfClosing: boolean;
  /** n-th element with this tag in its document, to pair rendered elements with the source. */
  occurrence: number;
}

export interface RenderedInput {
  origin: string;
  html: string;
  elements: HtmlElement[];
}

/** What every rule sees. */
export interface LintContext {
  file: string;
  source: string;
  /** Elements of the template source (Liquid left in place). */
  elements: HtmlElement[];
  /** The parse error, when the Liquid does not parse (render-based checks are skipped). */
  liquidError?: TemplateError;
  /** The template rendered with each task input (empty when none were given or it does not parse). */
  renders: RenderedInput[];
  /** The task inputs, when the PRE cross-check runs. */
  taskInputs?: Array<{ origin: string; taskInput: unknown }>;
  /** A finding at a character offset of the source. */
  at(offset: number, ruleId: string, severity: LintFinding['severity'], message: string, hint: string): LintFinding;
  /** The source element that a rendered element came from (same tag, same occurrence). */
  sourceOf(rendered: HtmlElement): HtmlElement | undefined;
}

export interface LintRule {
  id: string;
  description: string;
  check(ctx: LintContext): LintFinding[];
}
