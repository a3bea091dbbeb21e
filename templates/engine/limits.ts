/**
 * RenderUiTemplate's limit on `UiTemplate.Content` (reference §3.6): the console's and the API's
 * preview refuse a longer template. No limit is documented for a job's own template
 * (CreateLabelingJob's `UiTemplateS3Uri`), so gtkit compiles and renders a longer one and lint
 * warns (rule template-too-large); only {@link maxSourceChars} stops it.
 */
export const maxTemplateChars = 128_000;

/** What to do about a template over RenderUiTemplate's limit. */
export const templateTooLargeHint = 'move large scripts, styles and instructions to files served from S3 or a CDN';

/**
 * gtkit's own cap on a template's length, not Ground Truth's: far above any real template (the
 * catalog's are under 2,000 characters), it keeps a runaway or hostile file from taking the
 * preview, run or lint down. Parsing stays linear up to it (token-queue.ts; limits.test.ts counts
 * the shifts of a template at the cap), and the render has its own time and memory guards below.
 * Not guarded: lint's HTML parser (htmlparser2) keeps its open elements front-first, so its time
 * grows with the square of how deeply elements nest; a page of many unclosed `<div>`s, from a
 * file near the cap or rendered by a small loop, lints slowly.
 */
export const maxSourceChars = 1_000_000;

/** A count as messages write it: `1,000,000`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * The start of the message for a template over {@link maxSourceChars}, the same for compile and
 * lint; `aside` ends the parenthesis (what else the reader should know there).
 */
export function overSourceCapProblem(length: number, aside: string): string {
  return `the template has ${formatCount(length)} characters; gtkit reads at most ${formatCount(maxSourceChars)} (its own guard against runaway files; ${aside})`;
}

/**
 * Guards so that a hostile or mistaken template cannot hang the preview or the linter. Real
 * templates are far below them: a catalog template renders in well under a millisecond.
 */
export const renderGuards = {
  /**
   * Characters liquidjs reads in one parse (each parse has its own count). compileTemplate refuses
   * a longer source first, with its own message; this guards a caller of createEngine (public,
   * gtkit/templates) who parses directly, e.g. with parseAndRender.
   */
  parseLimit: maxSourceChars,
  /** Milliseconds one render may take. */
  renderLimit: 2_000,
  /**
   * Units (characters, array items) one render may allocate: `(1..n)` ranges, `append`, and (metering.ts)
   * every character written to the page or to a `capture`. Each stage counts: escaping charges
   * its input and the page its output, so autoescaped text tops out near half the limit (an 11M-
   * character value fails escaped and renders with `skip_autoescape`, as a test in
   * test/templates/engine/limits.test.ts checks).
   */
  memoryLimit: 20_000_000,
} as const;

/**
 * Blocks (`if`, `for`, `capture`, …) one template may nest: Shopify Liquid refuses the 101st
 * ("Nesting too deep", Liquid::Block::MAX_DEPTH), empty or not; liquidjs has no limit and overflows
 * the stack at about a thousand levels. A `{% liquid %}` tag counts as a level too (engine.ts).
 */
export const maxBlockNesting = 100;
