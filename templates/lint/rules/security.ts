import type { LintFinding, LintRule } from '../types.ts';

const presigned = /\|\s*(grant_read_access|s3_presign)\b/;

/** An `s3://` URI in `src` does not load in a browser: it must go through grant_read_access. */
export const s3WithoutPresign: LintRule = {
  id: 's3-uri-not-presigned',
  description: 'an s3:// URI in src that is not passed through grant_read_access',
  check(ctx) {
    const findings: LintFinding[] = [];
    const reported = new Set<number>();
    for (const e of ctx.elements) {
      const v = e.attrs.src;
      if (v === undefined) continue;
      if (/^\s*s3:\/\//.test(v) || (v.includes('s3://') && !v.includes('{{'))) {
        reported.add(e.offset);
        findings.push(ctx.at(e.offset, 's3-uri-not-presigned', 'error', `src of <${e.tag}> is an s3:// URI, which browsers cannot load`, 'write src="{{ \'s3://…\' | grant_read_access }}"'));
      }
    }
    for (const r of ctx.renders) {
      for (const e of r.elements) {
        const src = ctx.sourceOf(e);
        if (!src || reported.has(src.offset) || e.attrs.src === undefined) continue;
        if (/^\s*s3:\/\//.test(e.attrs.src) && !presigned.test(src.attrs.src ?? '')) {
          reported.add(src.offset);
          findings.push(ctx.at(src.offset, 's3-uri-not-presigned', 'error', `src of <${e.tag}> renders to ${e.attrs.src.slice(0, 80)} for ${r.origin}, which browsers cannot load`, 'add | grant_read_access to the expression'));
        }
      }
    }
    return findings;
  },
};

/** skip_autoescape on task input lets data inject HTML and scripts into the worker page. */
export const skipAutoescape: LintRule = {
  id: 'skip-autoescape-task-input',
  description: 'skip_autoescape on task input (XSS)',
  check(ctx) {
    const findings: LintFinding[] = [];
    const re = /\{\{[^}]*task\.input[^}]*\|\s*skip_autoescape[^}]*\}\}/g;
    for (let m = re.exec(ctx.source); m; m = re.exec(ctx.source)) {
      findings.push(ctx.at(m.index, 'skip-autoescape-task-input', 'warning', 'task input is output without escaping: data can inject HTML and scripts into the worker page', 'drop | skip_autoescape unless the PRE sanitises this HTML'));
    }
    return findings;
  },
};

/** Ground Truth does not support module scripts in worker templates. */
export const moduleScript: LintRule = {
  id: 'module-script',
  description: '<script type="module"> is not supported',
  check(ctx) {
    return ctx.elements
      .filter((e) => e.tag === 'script' && (e.attrs.type ?? '').trim().toLowerCase() === 'module')
      .map((e) => ctx.at(e.offset, 'module-script', 'error', '<script type="module"> is not supported in worker templates', 'use a classic <script> (bundle modules into one file first)'));
  },
};
