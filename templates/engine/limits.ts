/** Ground Truth's limit on a worker template (RenderUiTemplate `UiTemplate.Content`, reference §3.6). */
export const maxTemplateChars = 128_000;

/** What to do about a template over that limit. */
export const templateTooLargeHint = 'move large scripts, styles and instructions to files served from S3 or a CDN';

/**
 * Guards so that a hostile or mistaken template cannot hang the preview or the linter. Real
 * templates are far below them: a catalog template renders in well under a millisecond.
 */
export const renderGuards = {
  /** Characters liquidjs may parse per engine (one engine per compiled template). */
  parseLimit: 10 * maxTemplateChars,
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
