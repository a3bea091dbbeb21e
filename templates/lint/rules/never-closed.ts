import { positionOf } from '../../engine/errors.ts';
import { eachDocument, renderedFor } from '../documents.ts';
import type { LintContext, LintFinding, PageRule, UnclosedRun } from '../types.ts';

/**
 * A `<!--` without `-->`, or a `<script>`, `<style>`, `<textarea>`, `<title>`, `<iframe>` (…)
 * without its end tag: a browser reads the rest of the page into it, so everything after it is
 * a comment or text, however well formed (the text to label, the fields, the Submit button). A
 * script left open at the end never runs either (the HTML parser marks it as started). Judged on
 * the source and on each rendered page (Liquid may write the end in one branch only).
 */
export const neverClosed: PageRule = {
  id: 'never-closed',
  description: 'a comment (<!--) or <script>, <style>, <textarea>, <title>, <iframe> never closed: the browser reads the rest of the page into it',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      for (const run of doc.unclosed) out.add(`${run.offset}`, () => finding(ctx, run, doc.origin));
    });
  },
};

function finding(ctx: LintContext, run: UnclosedRun, origin: string | undefined): LintFinding {
  const comment = run.what === 'comment';
  const opened = comment ? `<!-- is never closed with -->${renderedFor(origin)}` : `<${run.what}> has no </${run.what}>${renderedFor(origin)}`;
  const into = comment ? 'the comment' : run.what === 'script' || run.what === 'style' ? `its ${run.what}` : 'its text';
  const slash = !comment && ctx.sourceElementAt(run.offset)?.selfClosing ? ` (a browser does not close <${run.what} … /> by its slash)` : '';
  const hint = comment ? 'close it with --> where the comment should end' : `add </${run.what}> where it should end${slash}`;
  const say = (severity: LintFinding['severity'], consequence: string) => ctx.at(run.offset, 'never-closed', severity, `${opened}, so ${consequence}`, hint);
  if (run.hides) {
    const { line, column } = positionOf(ctx.source, run.hides.offset);
    return say('error', `a browser reads the rest of the page into ${into}: <${run.hides.tag}> (at ${line}:${column}) and everything after it never show`);
  }
  if (run.liquid && run.what !== 'script' && run.what !== 'style') return say('error', `a browser reads the rest of the page into ${into}: what Liquid writes after it never shows`);
  if (run.what === 'script' && !run.blank) return say('error', 'a browser never runs it: a script still open at the end of the page is not run');
  return say('warning', `a browser reads the rest of the page into ${into}: nothing is lost yet, but whatever is added after it will not show`);
}
