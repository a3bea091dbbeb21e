import { positionOf } from '../../templates/engine/errors.ts';
import { defaultExportPath, parseFieldPath, type FieldSegment } from './field-path.ts';
import { scanSource, type ScannedSource, type Token } from './source-scanner.ts';

/** A 1-based line and column in a source file. */
export interface SourcePlace {
  line: number;
  column: number;
}

/** The place of a finding whose field cannot be found: the start of the file. */
const fileStart: SourcePlace = { line: 1, column: 1 };

/**
 * Where a field of a task config is written in its source (`gtkit.config.ts`), for a finding
 * about it: the property key of `lambdas.pre.memoryMb`, the item of `labels[2]`. When the field
 * itself is not written there (it is missing, or its value comes from a variable, a spread or
 * another module), the nearest enclosing field that is; the start of the file only when the
 * config's object is not found at all. Never another field: whatever the scanner cannot be sure
 * of counts as not found.
 *
 * @example configFieldPlace(source, 'consolidation.options.iouThreshold') // { line: 52, column: 7 }
 */
export function configFieldPlace(source: string, path: string): SourcePlace {
  return configFieldPlacer(source)(path);
}

/** {@link configFieldPlace} for many paths of one source: the source is scanned once. */
export function configFieldPlacer(source: string): (path: string) => SourcePlace {
  let walk: LiteralWalk | undefined;
  let root: { expression: number; container?: number } | undefined;
  try {
    const scanned = scanSource(source);
    walk = scanned && new LiteralWalk(source, scanned);
    root = walk?.configRoot();
  } catch {
    // A place is a convenience: a scanner slip must never cost the finding itself.
    walk = undefined;
  }
  return (path) => {
    let offset: number | undefined;
    try {
      offset = walk && root ? fieldOffset(walk, root, path) : undefined;
    } catch {
      offset = undefined;
    }
    return offset === undefined ? fileStart : positionOf(source, offset);
  };
}

function fieldOffset(walk: LiteralWalk, root: { expression: number; container?: number }, path: string): number | undefined {
  if (path === defaultExportPath) return walk.offsetOf(root.expression);
  if (root.container === undefined) return undefined;
  let container = root.container;
  let best = walk.offsetOf(container);
  for (const segment of parseFieldPath(path)) {
    const found = walk.member(container, segment);
    if (!found) break;
    best = walk.offsetOf(found.at);
    if (found.container === undefined) break;
    container = found.container;
  }
  return best;
}

/** A member of an object or array literal: the token where it is written and, when its value is itself a literal, that literal's opening token. */
interface Member {
  at: number;
  container?: number;
}

/** The most `const` names followed from `export default` to an object (`const a = b; const b = {…}`). */
const maxNameHops = 4;

/** Walks object and array literals over a scanned source, by token index. */
class LiteralWalk {
  private readonly tokens: Token[];
  private readonly closer: Int32Array;

  constructor(
    private readonly source: string,
    scanned: ScannedSource,
  ) {
    this.tokens = scanned.tokens;
    this.closer = scanned.closer;
  }

  offsetOf(index: number): number {
    return this.tokens[index]?.start ?? 0;
  }

  /**
   * The config's value: what `export default` gives, through a call such as `defineTask(…)`,
   * parentheses, `as`/`satisfies`, and `const` names used nowhere else. `container` is its
   * object literal, if it is one.
   */
  configRoot(): { expression: number; container?: number } | undefined {
    const exports: number[] = [];
    this.topLevel((i) => {
      if (this.isName(i, 'export') && this.isName(i + 1, 'default')) exports.push(i + 2);
    });
    // None, or several (not valid TypeScript): no place is sure.
    if (exports.length !== 1 || exports[0] === undefined) return undefined;
    return this.valueAt(exports[0], 0);
  }

  /** The member a path segment names in the literal opened at `container`, if it is written there. */
  member(container: number, segment: FieldSegment): Member | undefined {
    if ('index' in segment) return this.isPunct(container, '[') ? this.element(container, segment.index) : undefined;
    return this.isPunct(container, '{') ? this.property(container, segment.key) : undefined;
  }

  /**
   * The property `key` of an object literal. The last one written wins, as in JavaScript; a
   * spread or a computed key after it may replace it, so then it counts as not found.
   */
  private property(open: number, key: string): Member | undefined {
    const close = this.closer[open] ?? -1;
    let found: Member | undefined;
    for (let start = open + 1; start < close; ) {
      const end = this.entryEnd(start, close);
      if (end > start) {
        const entry = this.entry(start, end);
        if (entry === 'unknown') found = undefined;
        else if (entry.key === key) found = entry.member;
      }
      start = end + 1;
    }
    return found;
  }

  /** Item `index` of an array literal; a hole (`[ , 'a']`) is placed at its comma. Unknown from a spread on. */
  private element(open: number, index: number): Member | undefined {
    const close = this.closer[open] ?? -1;
    let position = 0;
    for (let start = open + 1; start < close; position++) {
      const end = this.entryEnd(start, close);
      if (this.isPunct(start, '...')) return undefined;
      if (position === index) return end === start ? { at: end } : { at: start, container: this.literalValue(start, end) };
      start = end + 1;
    }
    return undefined;
  }

  /** One entry of an object literal between `start` and `end` (its comma or the closing brace): its key and where it is, or 'unknown' (a spread, a computed key). */
  private entry(start: number, end: number): { key: string; member: Member } | 'unknown' {
    if (this.isPunct(start, '...')) return 'unknown';
    let k = start;
    if (this.isPunct(k, '*')) k++;
    // `get x() {}`, `async x() {}`: the modifier is followed by the key, not by `:` or `(`.
    if (this.tokens[k]?.kind === 'name' && ['get', 'set', 'async'].includes(this.tokens[k]?.text ?? '') && k + 1 < end && !this.isPunct(k + 1, ':') && !this.isPunct(k + 1, '(') && !this.isPunct(k + 1, '<')) {
      k++;
      if (this.isPunct(k, '*')) k++;
    }
    const key = this.keyAt(k);
    if (key === undefined) return 'unknown';
    const after = this.isPunct(k, '[') ? (this.closer[k] ?? -1) + 1 : k + 1;
    const member: Member = { at: k };
    if (after === end) return { key, member };
    if (this.isPunct(after, ':')) {
      const container = this.literalValue(after + 1, end);
      return { key, member: container === undefined ? member : { ...member, container } };
    }
    // A method: its value is code, not a literal to enter.
    if (this.isPunct(after, '(') || this.isPunct(after, '<')) return { key, member };
    return 'unknown';
  }

  /** The name a property key token stands for: a name, a string, a number, or a computed key that is one string or number. */
  private keyAt(k: number): string | undefined {
    const token = this.tokens[k];
    if (!token) return undefined;
    if (token.kind === 'name') return token.text;
    if (token.kind === 'string') return token.value;
    if (token.kind === 'number') {
      const value = Number(token.text.replace(/_/g, ''));
      return Number.isFinite(value) ? String(value) : undefined;
    }
    if (this.isPunct(k, '[') && this.closer[k] === k + 2) {
      const inner = this.tokens[k + 1];
      if (inner?.kind === 'string' || inner?.kind === 'number') return this.keyAt(k + 1);
    }
    return undefined;
  }

  /**
   * The opening token of an object or array literal that is the whole value from `start` to
   * `end` (parentheses and `as`/`satisfies` around it allowed), else undefined: a value such as
   * `base.labels` or `[...].concat(more)` is not entered.
   */
  private literalValue(start: number, end: number): number | undefined {
    let k = start;
    let parentheses = 0;
    while (this.isPunct(k, '(')) {
      parentheses++;
      k++;
    }
    if (!this.isPunct(k, '{') && !this.isPunct(k, '[')) return undefined;
    let after = (this.closer[k] ?? -1) + 1;
    for (; parentheses > 0; parentheses--, after++) if (!this.isPunct(after, ')')) return undefined;
    return after === end || this.isName(after, 'as') || this.isName(after, 'satisfies') ? k : undefined;
  }

  /** What the expression at `start` stands for: itself, or what a call's first argument or a `const` name stands for. */
  private valueAt(start: number, hops: number): { expression: number; container?: number } {
    const end = this.expressionEnd(start);
    const container = this.literalValue(start, end);
    if (container !== undefined) return { expression: start, container };
    const token = this.tokens[start];
    if (token?.kind !== 'name' || hops >= maxNameHops) return { expression: start };
    // The callee may be qualified (`gtkit.defineTask(…)`).
    let callee = start;
    while (this.isPunct(callee + 1, '.') && this.tokens[callee + 2]?.kind === 'name') callee += 2;
    if (this.isPunct(callee + 1, '(')) {
      // `defineTask(x)` returns x. Only a call of one argument that ends the value is followed:
      // `merge(defaults, {…})` or `defineTask(a).with(b)` may take a field from anywhere.
      const close = this.closer[callee + 1] ?? -1;
      const argumentEnd = close > callee + 2 ? this.entryEnd(callee + 2, close) : -1;
      const oneArgument = argumentEnd === close || (argumentEnd === close - 1 && this.isPunct(argumentEnd, ','));
      const endsValue = close + 1 === end || this.isName(close + 1, 'as') || this.isName(close + 1, 'satisfies');
      return oneArgument && endsValue ? this.valueAt(callee + 2, hops + 1) : { expression: start };
    }
    if (callee !== start) return { expression: start };
    const initializer = this.constInitializer(token.text);
    return initializer === undefined ? { expression: start } : this.valueAt(initializer, hops + 1);
  }

  /**
   * Where an expression that starts at `start` ends: the first `,` `;` or closing bracket at its
   * level, or a name on a later line after a complete value (a new statement, without `;`).
   */
  private expressionEnd(start: number): number {
    let k = start;
    while (k < this.tokens.length) {
      const token = this.tokens[k] as Token;
      if (token.kind === 'punct' && [',', ';', ')', ']', '}'].includes(token.text)) return k;
      if (k > start && this.startsStatement(k)) return k;
      const close = this.closer[k] ?? -1;
      k = close >= 0 ? close + 1 : k + 1;
    }
    return k;
  }

  /** A name after a line break that follows a complete value can only start a new statement (only these names continue an expression). */
  private startsStatement(k: number): boolean {
    const token = this.tokens[k];
    const before = this.tokens[k - 1];
    if (token?.kind !== 'name' || !before || ['in', 'instanceof', 'as', 'satisfies'].includes(token.text)) return false;
    const endsValue = before.kind === 'punct' ? [')', ']', '}'].includes(before.text) : before.kind !== 'other';
    return endsValue && /[\n\r\u2028\u2029]/.test(this.source.slice(before.start + before.text.length, token.start));
  }

  /**
   * The first token of the initializer of a top-level `const name = …`, when there is exactly one
   * declaration of the name and the name is used once besides it (a config built up by later
   * assignments is not followed).
   */
  private constInitializer(name: string): number | undefined {
    let uses = 0;
    const inTemplate = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
    for (const token of this.tokens) {
      if (token.kind === 'name' && token.text === name) uses++;
      // A use inside a template's `${…}`, or an escaped name (`\u0063onfig`), may change it unseen.
      else if (token.kind === 'template') uses += token.text.match(inTemplate)?.length ?? 0;
      else if (token.kind === 'other' && token.text === '\\') return undefined;
    }
    if (uses !== 2) return undefined;
    let initializer: number | undefined;
    this.topLevel((i) => {
      if (!this.isName(i, 'const') || !this.isName(i + 1, name)) return;
      let k = i + 2;
      // A type annotation (`const config: TaskConfig = …`) runs to the `=`.
      while (k < this.tokens.length && !this.isPunct(k, '=') && !this.isPunct(k, ';')) k = (this.closer[k] ?? -1) >= 0 ? (this.closer[k] as number) + 1 : k + 1;
      if (this.isPunct(k, '=')) initializer = k + 1;
    });
    return initializer;
  }

  /** Calls `visit` with the index of each token outside every bracket. */
  private topLevel(visit: (i: number) => void): void {
    for (let i = 0; i < this.tokens.length; ) {
      visit(i);
      const close = this.closer[i] ?? -1;
      i = close >= 0 ? close + 1 : i + 1;
    }
  }

  /** Where the entry that starts at `start` ends: the next comma at its level, or `close`. */
  private entryEnd(start: number, close: number): number {
    for (let k = start; k < close; ) {
      if (this.isPunct(k, ',')) return k;
      const inner = this.closer[k] ?? -1;
      k = inner >= 0 ? inner + 1 : k + 1;
    }
    return close;
  }

  private isPunct(i: number, text: string): boolean {
    const token = this.tokens[i];
    return token?.kind === 'punct' && token.text === text;
  }

  private isName(i: number, text: string): boolean {
    const token = this.tokens[i];
    return token?.kind === 'name' && token.text === text;
  }
}
