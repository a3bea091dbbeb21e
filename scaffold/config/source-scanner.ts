/**
 * A tolerant tokenizer for TypeScript source: just enough to walk the object and array literals
 * of a task config and say where a property is written. The CLI cannot use the TypeScript
 * compiler (a development dependency only), and esbuild keeps no positions of properties.
 *
 * Strings, template literals (with their `${…}` parts), regular expressions and comments are
 * skipped as units, so a `{` or a key inside them is never taken for code. Anything the scanner
 * cannot follow (an unterminated string, comment or template, unbalanced brackets) makes it give
 * up (`undefined`): a caller that cannot be sure of the structure must not point anywhere.
 */

export type TokenKind = 'punct' | 'name' | 'string' | 'number' | 'template' | 'regex' | 'other';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the token's first character in the source. */
  start: number;
  /** A string literal's value; undefined when an escape in it is not understood. */
  value?: string;
}

export interface ScannedSource {
  tokens: Token[];
  /** For the index of each `(`, `[` or `{` token, the index of the token that closes it (else -1). */
  closer: Int32Array;
}

/** Names after which a `/` starts a regular expression rather than a division. */
const regexAfterNames = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const identifierStart = /[\p{ID_Start}$_]/u;
const identifierPart = /[\p{ID_Continue}$\u200c\u200d]/u;
const simpleEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Tokens of `source` with their bracket pairs, or undefined when the source cannot be followed. */
export function scanSource(source: string): ScannedSource | undefined {
  const tokens = tokenize(source);
  if (!tokens) return undefined;
  const closer = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind !== 'punct') continue;
    if (token.text === '(' || token.text === '[' || token.text === '{') open.push(i);
    else if (token.text in pairs) {
      const at = open.pop();
      if (at === undefined || tokens[at]?.text !== pairs[token.text]) return undefined;
      closer[at] = i;
    }
  }
  return open.length === 0 ? { tokens, closer } : undefined;
}

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  const n = source.length;
  // Open `{` (brace) and `${` (template) frames: a `}` closes the innermost.
  const frames: Array<'brace' | 'template'> = [];
  let templateDepth = 0;
  let outerTemplateStart = 0;
  // The last token seen, inside template expressions too: it decides whether `/` is a regex.
  let previous: Token | undefined;
  const emit = (token: Token) => {
    previous = token;
    // Tokens inside `${…}` belong to the template literal, which is one token.
    if (templateDepth === 0) tokens.push(token);
  };
  // Continues a template literal after its backtick or after a `}` that ends a `${…}` part.
  const continueTemplate = (from: number): number | undefined => {
    const part = templatePart(source, from);
    if (!part) return undefined;
    if (part.endsWith === 'expression') {
      frames.push('template');
      templateDepth++;
      previous = { kind: 'punct', text: '${', start: part.end - 2 };
    } else if (templateDepth === 0) emit({ kind: 'template', text: source.slice(outerTemplateStart, part.end), start: outerTemplateStart });
    else previous = { kind: 'template', text: '', start: from };
    return part.end;
  };
  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (source.startsWith('#!', i)) i = lineEnd(source, i);
  while (i < n) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (isSpace(c)) {
      i++;
    } else if (c === '/' && next === '/') {
      i = lineEnd(source, i);
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else if (c === '"' || c === "'") {
      const end = stringEnd(source, i);
      if (end === undefined) return undefined;
      const text = source.slice(i, end);
      emit({ kind: 'string', text, start: i, value: decodeString(text.slice(1, -1)) });
      i = end;
    } else if (c === '`') {
      if (templateDepth === 0) outerTemplateStart = i;
      const end = continueTemplate(i + 1);
      if (end === undefined) return undefined;
      i = end;
    } else if (c === '{') {
      frames.push('brace');
      emit({ kind: 'punct', text: c, start: i });
      i++;
    } else if (c === '}') {
      const frame = frames.pop();
      if (frame === undefined) return undefined;
      if (frame === 'brace') {
        emit({ kind: 'punct', text: c, start: i });
        i++;
      } else {
        templateDepth--;
        const end = continueTemplate(i + 1);
        if (end === undefined) return undefined;
        i = end;
      }
    } else if (c === '/' && startsRegex(previous)) {
      const end = regexEnd(source, i);
      if (end === undefined) return undefined;
      emit({ kind: 'regex', text: source.slice(i, end), start: i });
      i = end;
    } else if (isDigit(c) || (c === '.' && next !== undefined && isDigit(next))) {
      let end = i + 1;
      while (end < n && /[\w.]/.test(source[end] as string)) end++;
      emit({ kind: 'number', text: source.slice(i, end), start: i });
      i = end;
    } else if (isIdentifierStart(c)) {
      let end = i + 1;
      while (end < n && isIdentifierPart(source[end] as string)) end++;
      emit({ kind: 'name', text: source.slice(i, end), start: i });
      i = end;
    } else if (source.startsWith('...', i) || source.startsWith('=>', i)) {
      const text = c === '.' ? '...' : '=>';
      emit({ kind: 'punct', text, start: i });
      i += text.length;
    } else {
      emit({ kind: /[()[\],:;.=<>?!+\-*\/%&|^~]/.test(c) ? 'punct' : 'other', text: c, start: i });
      i++;
    }
  }
  return frames.length === 0 ? tokens : undefined;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t' || (c > '~' && /\s/.test(c)) || c === '\v' || c === '\f';
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isIdentifierStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || (c > '~' && identifierStart.test(c));
}

function isIdentifierPart(c: string): boolean {
  return isIdentifierStart(c) || isDigit(c) || (c > '~' && identifierPart.test(c));
}

/** Where the line holding offset `i` ends (its line break is left for the whitespace rule). One pass: a search for each kind of break would run to the end of the file for every comment. */
function lineEnd(source: string, i: number): number {
  let j = i;
  while (j < source.length) {
    const c = source[j];
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') break;
    j++;
  }
  return j;
}

/** The offset after a quoted string that starts at `i`, or undefined when a line or the file ends inside it. */
function stringEnd(source: string, i: number): number | undefined {
  const quote = source[i];
  for (let j = i + 1; j < source.length; j++) {
    const c = source[j];
    if (c === quote) return j + 1;
    if (c === '\\') j += source[j + 1] === '\r' && source[j + 2] === '\n' ? 2 : 1;
    else if (c === '\n' || c === '\r') return undefined;
  }
  return undefined;
}

/** Scans template text from `from` to its closing backtick or to the next `${`. */
function templatePart(source: string, from: number): { end: number; endsWith: 'backtick' | 'expression' } | undefined {
  for (let j = from; j < source.length; j++) {
    const c = source[j];
    if (c === '\\') j++;
    else if (c === '`') return { end: j + 1, endsWith: 'backtick' };
    else if (c === '$' && source[j + 1] === '{') return { end: j + 2, endsWith: 'expression' };
  }
  return undefined;
}

/** A `/` starts a regex where an expression may start: at the start, after an operator or an opening bracket, or after a keyword such as `return`. */
function startsRegex(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'name') return regexAfterNames.has(previous.text);
  if (previous.kind === 'punct') return previous.text !== ')' && previous.text !== ']' && previous.text !== '}';
  return previous.kind === 'other';
}

/** The offset after a regular expression literal (with its flags) that starts at `i`. */
function regexEnd(source: string, i: number): number | undefined {
  let inClass = false;
  for (let j = i + 1; j < source.length; j++) {
    const c = source[j];
    if (c === '\\') j++;
    else if (c === '\n' || c === '\r') return undefined;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let end = j + 1;
      while (end < source.length && /[A-Za-z]/.test(source[end] as string)) end++;
      return end;
    }
  }
  return undefined;
}

/** A string literal's value from its text between the quotes; undefined for an escape not understood (a legacy octal one). */
function decodeString(raw: string): string | undefined {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let j = 0; j < raw.length; j++) {
    const c = raw[j] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = raw[++j];
    if (e === undefined) return undefined;
    if (e === '0' && !isDigit(raw[j + 1] ?? '')) out += '\0';
    else if (e !== '0' && Object.hasOwn(simpleEscapes, e)) out += simpleEscapes[e];
    else if (isDigit(e)) return undefined;
    else if (e === 'x' || e === 'u') {
      const hex = e === 'x' ? /^[0-9a-fA-F]{2}/.exec(raw.slice(j + 1)) : /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/.exec(raw.slice(j + 1));
      if (!hex) return undefined;
      const code = Number.parseInt(hex[0].replace(/[{}]/g, ''), 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      j += hex[0].length;
    } else if (e === '\r') {
      // A line continuation (`\` then CR LF) is no character.
      if (raw[j + 1] === '\n') j++;
    } else if (e !== '\n' && e !== '\u2028' && e !== '\u2029') out += e;
  }
  return out;
}
