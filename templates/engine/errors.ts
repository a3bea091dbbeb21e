/** A template problem with its place: file, 1-based line and column, and a code frame. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly codeFrame: string,
    readonly code: string,
    readonly hint: string,
  ) {
    super(`${file}:${line}:${column}: ${message}${hint ? `\n  hint: ${hint}` : ''}${codeFrame ? `\n${codeFrame}` : ''}`);
    this.name = 'TemplateError';
  }
  /** The message without the place, for lint findings. */
  get problem(): string {
    return this.message.split('\n')[0]?.replace(/^[^:]+:\d+:\d+: /, '') ?? this.message;
  }
}

/** A code frame: the line with a caret under the column, and a line of context either side. */
export function codeFrame(source: string, line: number, column: number): string {
  const lines = source.split('\n');
  const out: string[] = [];
  for (let n = Math.max(1, line - 1); n <= Math.min(lines.length, line + 1); n++) {
    const text = (lines[n - 1] ?? '').slice(0, 200);
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(4)} | ${text}`);
    if (n === line) out.push(`       | ${' '.repeat(Math.max(0, column - 1))}^`);
  }
  return out.join('\n');
}

/** 1-based line and column of a character offset. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}
