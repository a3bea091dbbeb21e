/**
 * Templates past RenderUiTemplate's limit, shared by the tests that check gtkit handles them and
 * the bench that times them (bench/templates.bench.ts), so both speak of the same template.
 */

/**
 * The densest Liquid, one output per 5 characters (`{{a}}`), ending in `{{ "end" }}` and padded
 * with spaces to exactly `chars`. With `a` unset it renders `end` and the padding.
 */
export function denseLiquid(chars: number): string {
  const outputs = `${'{{a}}'.repeat(Math.floor(chars / 5) - 3)}{{ "end" }}`;
  return outputs + ' '.repeat(chars - outputs.length);
}

/**
 * A template just under gtkit's cap on which every lint rule has work: the Crowd HTML Elements
 * script, 25,000 inputs of one name (24,999 duplicate-field-name findings) and 1,000 scripts
 * writing `task.input.m | to_json` (1,000 unverified-escaping findings).
 */
export function nearCapTemplate(): string {
  const fields = '<crowd-input name="a"></crowd-input>\n'.repeat(25_000);
  const scripts = '<script>var m = {{ task.input.m | to_json }};</script>\n'.repeat(1_000);
  return `<script src="https://assets.crowd.aws/crowd-html-elements.js"></script><crowd-form>${fields}</crowd-form>${scripts}`;
}
