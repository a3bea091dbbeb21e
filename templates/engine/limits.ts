/** Ground Truth's limit on a worker template (RenderUiTemplate `UiTemplate.Content`, reference §3.6). */
export const maxTemplateChars = 128_000;

/** The Liquid filters Ground Truth adds to Shopify's (reference §3.3). */
export const groundTruthFilters = ['escape', 'escape_once', 'skip_autoescape', 'to_json', 'grant_read_access', 's3_presign'] as const;
