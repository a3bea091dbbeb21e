import { filtersOf } from '../liquid-names.ts';
import type { LiquidToken } from '../liquid-scan.ts';
import type { LintFinding, RawTextRun, SourceRule } from '../types.ts';

/** Filters after which Ground Truth's autoescape may or may not apply (reference §3.4: unverified). */
const unverified = new Set(['to_json', 'grant_read_access', 's3_presign']);
const escapes = new Set(['escape', 'escape_once']);

/**
 * The filter whose result the output writes, when that result may or may not be escaped by Ground
 * Truth: the last of to_json, grant_read_access and s3_presign, with no skip_autoescape anywhere
 * (escaping is off under both readings) and no escape or escape_once after it (escaped once under
 * both). Undefined for any other chain.
 */
export function unverifiedEnding(filters: readonly string[]): string | undefined {
  if (filters.includes('skip_autoescape')) return undefined;
  const last = filters.findLastIndex((f) => unverified.has(f));
  if (last === -1 || filters.slice(last + 1).some((f) => escapes.has(f))) return undefined;
  return filters[last];
}

/** What escaped text does where the browser reads it raw. */
const breaks: Record<string, string> = {
  script: 'the script fails',
  style: 'the style rule breaks',
  xmp: 'the worker sees the entities',
  plaintext: 'the worker sees the entities',
};

/** The output as written, shortened for a message. */
function shown(t: LiquidToken): string {
  const expression = t.markup.length > 60 ? `${t.markup.slice(0, 60)}…` : t.markup;
  return `{{ ${expression} }}`;
}

/** The same output with skip_autoescape added (an echo keeps its form). */
function withSkip(t: LiquidToken): string {
  return t.kind === 'output' ? `{{ ${t.markup} | skip_autoescape }}` : `{% echo ${t.markup} | skip_autoescape %}`;
}

/**
 * `to_json`, `grant_read_access` or `s3_presign` written into a `<script>` or `<style>`, where
 * whether Ground Truth escapes their result decides whether the page works, and that is not
 * documented (reference §3.4). gtkit writes to_json's JSON raw and escapes a presigned URL
 * (escaping.ts), so the preview can work where a real job fails, or fail where it works:
 * escaped JSON (`{&quot;k&quot;:…}`) is a syntax error, and a URL whose `&` became `&amp;` no
 * longer signs. Ending the chain with `skip_autoescape` writes the same under both readings
 * (gtkit's to_json escapes `< > & '`; a presigned URL holds none of `< > " '`). In attribute
 * values and ordinary text the browser decodes character references, so both readings show the
 * same and nothing is reported; a double-quoted attribute is unparseable-attribute's.
 */
export const unverifiedEscaping: SourceRule = {
  id: 'unverified-escaping',
  description: 'to_json, grant_read_access or s3_presign in a <script> or <style>, where Ground Truth may or may not escape them',
  check(ctx) {
    const runs = ctx.sourceDocument.rawTextLiquid;
    const findings: LintFinding[] = [];
    let next = 0;
    // Tokens and runs both come in source order: walk them together.
    for (const t of ctx.liquidTokens) {
      if (t.kind !== 'output' && !(t.kind === 'tag' && t.name === 'echo')) continue;
      while (next < runs.length && (runs[next]?.end ?? 0) <= t.begin) next++;
      const run: RawTextRun | undefined = runs[next];
      if (!run || run.begin > t.begin) continue;
      const filter = unverifiedEnding(filtersOf(t.markup));
      if (!filter) continue;
      findings.push(ctx.at(t.begin, 'unverified-escaping', 'warning', message(t, filter, run.tag), hint(t, filter)));
    }
    return findings;
  },
};

function message(t: LiquidToken, filter: string, tag: string): string {
  const where = `${shown(t)} in a <${tag}>`;
  const consequence = breaks[tag] ?? 'the text breaks';
  if (filter === 'to_json') {
    return `${where}: gtkit writes to_json's JSON unescaped, but whether Ground Truth escapes it is not documented; if it does, the JSON reads {&quot;…&quot;} and ${consequence} in a real job`;
  }
  return `${where}: gtkit HTML-escapes the URL ${filter} returns, so its & reads &amp; and ${consequence} in the preview; whether Ground Truth escapes it is not documented`;
}

function hint(t: LiquidToken, filter: string): string {
  if (filter === 'to_json') {
    return `write ${withSkip(t)}: the same under both readings (gtkit's to_json escapes < > & '); for data that may hold "</script>", pass the JSON in an attribute instead (data-x="{{ … | to_json | escape }}") and JSON.parse it`;
  }
  return `write ${withSkip(t)}: the same under both readings, since a presigned URL holds no < > " '`;
}
