/** Ground Truth's limit on a worker template (RenderUiTemplate `UiTemplate.Content`, reference §3.6). */
export const maxTemplateChars = 128_000;

/**
 * Guards so that a hostile or mistaken template cannot hang the preview or the linter. Real
 * templates are far below them: a catalog template renders in well under a millisecond.
 */
export const renderGuards = {
  /** Characters liquidjs may parse per engine (one engine per compiled template). */
  parseLimit: 10 * maxTemplateChars,
  /** Milliseconds one render may take. */
  renderLimit: 2_000,
  /** Units (characters, array items) one render may allocate, e.g. for `(1..n)` ranges and `append`. */
  memoryLimit: 20_000_000,
} as const;
