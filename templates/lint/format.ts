import { codeFrame } from '../engine/errors.ts';
import type { LintFinding } from './types.ts';

export interface FormatOptions {
  /** `{ findings, errors, warnings }` as JSON, for scripts. */
  json?: boolean;
  /** The template text: adds a code frame under each finding. */
  source?: string;
  /** The file `source` is; findings in other files (the task config) get no frame. */
  sourceFile?: string;
}

/**
 * Findings for people — `file:line:col severity rule-id: message`, an optional code frame, then
 * `fix: hint`, and a count — or as JSON (`{ findings, errors, warnings }`).
 */
export function formatFindings(findings: LintFinding[], options: FormatOptions = {}): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (options.json) return JSON.stringify({ findings, errors, warnings }, null, 2);
  const blocks = findings.map((f) => {
    // Only findings in the source's own file get its code frame (not those on the task config).
    const source = options.sourceFile === undefined || options.sourceFile === f.file ? options.source : undefined;
    const frame = source !== undefined ? codeFrame(source, f.line, f.column) : '';
    return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId}: ${f.message}${frame ? `\n${frame}` : ''}\n  fix: ${f.hint}`;
  });
  blocks.push(findings.length === 0 ? 'no problems found' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return blocks.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
