import type { AnswerShape } from '../elements/spec.ts';
import type { TemplateError } from '../engine/errors.ts';
import type { BranchPlace, LiquidToken } from './liquid-scan.ts';

/** One problem lint found. Line and column are 1-based and point into the template source. */
export interface LintFinding {
  ruleId: string;
  /** `error`: the job would break (no answer, a task that does not load); `warning`: everything else. */
  severity: 'error' | 'warning';
  message: string;
  file: string;
  line: number;
  column: number;
  /** What to do about it. */
  hint: string;
}

/** A PRE output for one manifest line, as the template will see it (`task.input`). */
export interface LintTaskInput {
  /** Where it came from, e.g. `manifest.jsonl:3`; findings name it. */
  origin: string;
  taskInput: unknown;
}

/** An answer field the task's ACS reads: the template must submit it. */
export interface AnswerFieldExpectation {
  /** The key in the worker's answerContent, e.g. `category`. */
  name: string;
  /** Who reads it, for the message, e.g. `the text-classification ACS`. */
  reader: string;
  /** What is decoded under the name, when gtkit knows it: lint checks that the element submitting it submits that shape. */
  decodes?: {
    shape: AnswerShape;
    /** Who decodes it that way, for the message, e.g. `the text-classification ACS`. */
    by: string;
    /** The task type's own ACS reads it (a mismatch is an error); false: a hand-written acs.ts may decode it otherwise (a warning). */
    certain: boolean;
    /**
     * The decoder also turns a string that holds a JSON object or array into it (decodeAnswerContent's
     * `nestedJson`, on for every type but free text): a native field whose values hold JSON submits
     * that object, and one whose values lint cannot see is at most a warning. Absent: false.
     */
    nestedJson?: boolean;
  };
}

/** An element of the template source or of a rendered page. */
export interface LintElement {
  tag: string;
  /** Attribute values as a browser sees them (entities decoded). */
  attrs: Record<string, string>;
  /**
   * Source only: attributes whose value holds Liquid, so it is only known after rendering
   * (rules judge those on the rendered pages).
   */
  dynamic: ReadonlySet<string>;
  /** Where the element's start tag begins in the template source. */
  offset: number;
  /**
   * The enclosing element as a browser nests them; absent at the top. Walk it with
   * closestAncestor (html.ts), which stays linear on deep nesting.
   */
  parent?: LintElement;
  /** Written `<tag … />`. */
  selfClosing: boolean;
  /** `<option>` only: its text, which it submits when it has no value attribute. */
  text?: string;
}

/** The template source itself (no origin) or the page rendered for one task input. */
export interface LintDocument {
  origin?: string;
  elements: LintElement[];
  /** Comments and text-only elements (`<script>`, `<textarea>`, …) left open at the end. */
  unclosed: UnclosedRun[];
  /** The `s3://` URIs in the text of the document. */
  textUris: TextUri[];
  /** Template source only (absent on a rendered page): the text of `<script>` and `<style>` elements (and `<xmp>`, `<plaintext>`) that holds Liquid. */
  rawTextLiquid?: RawTextRun[];
  /** Template source only (absent on a rendered page): the double-quoted attribute values that hold Liquid. */
  quotedAttributeLiquid?: QuotedAttributeRun[];
}

/**
 * Text of an element whose content a browser reads without decoding character references
 * (`<script>`, `<style>`, `<xmp>`, `<plaintext>`): `&quot;` written there stays `&quot;`, where in
 * ordinary text or an attribute value it reads as `"`.
 */
export interface RawTextRun {
  /** The element's tag. */
  tag: string;
  /** Where the text begins and ends (exclusive), in the template source. */
  begin: number;
  end: number;
}

/**
 * An attribute written `name="…"` whose value holds Liquid: an output there that writes a `"`
 * unescaped ends the value early, and the rest of it becomes stray attributes.
 */
export interface QuotedAttributeRun {
  /** The element's tag. */
  tag: string;
  /** The attribute's name. */
  attr: string;
  /** Where the attribute begins (its name) and ends (exclusive, after the closing quote), in the template source. */
  begin: number;
  end: number;
}

/** A comment (`<!--`) or text-only element the page never closes: a browser reads everything after it into it. */
export interface UnclosedRun {
  /** `comment`, or the element's tag (`script`, `textarea`, …). */
  what: string;
  /** Where it opens, in the template source. */
  offset: number;
  /** The first start tag it takes in and where that is in the source: that element and all after it never show. */
  hides?: { tag: string; offset: number };
  /** Nothing but white space follows its opening. */
  blank: boolean;
  /** What it takes in holds masked Liquid (template source only), e.g. the `{{ task.input.text }}` a worker should see. */
  liquid: boolean;
}

/** Text of a page that holds an `s3://` URI, with the element it sits in. */
export interface TextUri {
  uri: string;
  /** Where the URI is, in the template source (for a rendered page: the output that wrote it). */
  offset: number;
  /** The URI is all the text there (no words around it, as in `Object: s3://…`). */
  alone: boolean;
  parent?: LintElement;
}

/** The page rendered for one task input, as the page rules see it; lint drops it once they have. */
export interface RenderedPage extends LintDocument {
  origin: string;
  /** The `task.input` paths this render read that its task input lacks. */
  missingReads: MissingRead[];
}

/** A task input the template failed to render with. */
export interface FailedRender {
  origin: string;
  error: TemplateError;
}

/** How many task inputs lint read and how many of them rendered, known once the last is checked. */
export interface PageTally {
  taskInputs: number;
  pages: number;
}

/** A `task.input` path a render read but the task input does not have. */
export interface MissingRead {
  /** e.g. `task.input.labels[2].name` */
  path: string;
  /** Where in the source: the Liquid tag or output that read it. */
  offset: number;
  origin: string;
}

/** A filter Ground Truth does not have, where it is used. */
export interface UnknownFilterUse {
  name: string;
  offset: number;
}

/** A place in the task config file, as findings name it. */
export interface ConfigPlace {
  file: string;
  line: number;
  column: number;
}

/** How hints name the task's PRE, ACS and config files. */
export interface TaskFileNames {
  pre: string;
  acs: string;
  config: string;
}

/**
 * What every rule sees: the template source. Rendered pages are not in it: a page rule is shown
 * them one at a time (PageCheck), so lint never holds more than one.
 */
export interface LintContext {
  file: string;
  source: string;
  /** The source with its Liquid masked out (same length and lines; see liquid-scan.ts). */
  maskedSource: string;
  /** The Liquid tags and outputs of the source, in order. */
  liquidTokens: LiquidToken[];
  /** The template source's elements (Liquid masked out, offsets unchanged). */
  sourceDocument: LintDocument;
  /** The source element that starts at `offset`: a rendered element is paired with the one it came from. */
  sourceElementAt(offset: number): LintElement | undefined;
  /** Set when the Liquid does not parse: render-based checks had nothing to work on. */
  liquidError?: TemplateError;
  unknownFilters: UnknownFilterUse[];
  /** The answer fields the ACS reads (the ACS cross-check runs only with them). */
  answerFields?: readonly AnswerFieldExpectation[];
  /** The other answer fields the ACS carries into the output as they are (`consolidation.keepFields`). */
  keptFields?: readonly string[];
  /** The task's labels, all the ACS knows (the task config's `labels`); label-mismatch runs only with them. */
  knownLabels?: readonly string[];
  /** The task's own file names, as hints name them (`files.pre` in the config may say `pre.js`). */
  taskFiles: TaskFileNames;
  /** Where a field of the task config is written (`consolidation.keepFields[1]`), for findings whose fix is there; absent without a config. */
  configPlace?(path: string): ConfigPlace;
  /** A finding at a character offset of the source. */
  at(offset: number, ruleId: string, severity: LintFinding['severity'], message: string, hint: string): LintFinding;
  /** Where attribute `name` of the element starting at `offset` is written (the element's offset when not found). */
  attributeOffset(offset: number, name: string): number;
  /** True when the two source offsets sit in different branches of one if/unless/case/for (they never render together). */
  exclusive(a: number, b: number): boolean;
  /** The if/unless/case/for branch a source offset sits in: places in the same branch are exclusive with the same places. */
  branchAt(offset: number): BranchPlace;
}

/** A lint rule that judges the template source alone. */
export interface SourceRule {
  id: string;
  description: string;
  check(ctx: LintContext): LintFinding[];
}

/**
 * A lint rule that also judges the page rendered for each task input. Its checkPages starts it on
 * the source; lint then shows it each page (or failed render) in task-input order and drops the
 * page, so the rule keeps only what its messages need (a count, the first origin), never a page.
 */
export interface PageRule {
  id: string;
  description: string;
  checkPages(ctx: LintContext): PageCheck;
}

/** One page rule at work on one lint. */
export interface PageCheck {
  page?(page: RenderedPage): void;
  failed?(render: FailedRender): void;
  /** After the last task input: the rule's findings, in the order it found them. */
  findings(tally: PageTally): LintFinding[];
}

/** One lint rule: a module in rules/, registered in rules/index.ts. */
export type LintRule = SourceRule | PageRule;
