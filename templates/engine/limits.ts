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
 * preview, run or lint down. At the cap the densest Liquid (200,000 `{{a}}`) compiles and renders
 * in about 1 s and lints in under 2 s, at about 540 MB peak memory, on a 2-core machine (128,000
 * characters: 0.25 s and 0.35 s, 190 MB); parsing is linear (token-queue.ts), the render has its
 * own time and memory guards below. Not guarded: lint's HTML parser (htmlparser2) is quadratic in
 * how deeply elements nest, so a page of 200,000 unclosed `<div>`s, from a file at the cap or
 * rendered by a small loop, takes lint about 45 s (helper 94's REPORT, F7).
 */
export const maxSourceChars = 1_000_000;

/**
 * Guards so that a hostile or mistaken template cannot hang the preview or the linter. Real
 * templates are far below them: a catalog template renders in well under a millisecond.
 */
export const renderGuards = {
  /** Characters liquidjs reads in one parse (engine.parse makes a new Parser, with its own count, each time): compile stops at maxSourceChars first. */
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
