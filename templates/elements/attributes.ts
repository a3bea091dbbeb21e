/**
 * Reads array and object attributes the way the crowd elements accept them: strict JSON, or the
 * JavaScript-style literals AWS's own examples use (`['Cat', 'Dog']`, `{ text: 'None' }`):
 * single- or double-quoted strings, unquoted keys, trailing commas. A small parser, never eval.
 */
export type LenientResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Inputs longer than this are refused rather than parsed (attributes are short in practice). */
const maxLength = 1_000_000;
const maxDepth = 64;
/** An unquoted key, matched in place (sticky) so a long key is never cut short. */
const identifier = /[A-Za-z_$][\w$-]*/y;
const keywords: Array<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];

export function parseLenientValue(text: string): LenientResult {
  if (text.length > maxLength) return { ok: false, error: `too long to be an attribute value (${text.length} characters)` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // Fall through to the lenient grammar.
  }
  const p = new LenientParser(text);
  try {
    const value = p.value(0);
    p.space();
    if (p.pos < text.length) return { ok: false, error: p.fail('unexpected text after the value') };
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

class LenientParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(what: string): string {
    const near = this.text.slice(this.pos, this.pos + 20);
    return `${what} at character ${this.pos + 1}${near ? ` (near ${JSON.stringify(near)})` : ''}`;
  }

  space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  value(depth: number): unknown {
    if (depth > maxDepth) throw new Error(this.fail('nested too deeply'));
    this.space();
    const c = this.text[this.pos];
    if (c === '[') return this.array(depth);
    if (c === '{') return this.object(depth);
    if (c === '"' || c === "'") return this.string();
    for (const [word, value] of keywords) {
      if (this.text.startsWith(word, this.pos) && !/[\w$]/.test(this.text[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return value;
      }
    }
    const number = this.number();
    if (number !== undefined) return number;
    throw new Error(this.fail(c === undefined ? 'the value ends too early' : `unexpected ${JSON.stringify(c)}`));
  }

  array(depth: number): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    for (;;) {
      this.space();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value(depth + 1));
      this.space();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c !== ']') throw new Error(this.fail('expected "," or "]"'));
    }
  }

  object(depth: number): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (;;) {
      this.space();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { ...out };
      }
      const key = this.key();
      this.space();
      if (this.text[this.pos] !== ':') throw new Error(this.fail('expected ":"'));
      this.pos++;
      out[key] = this.value(depth + 1);
      this.space();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c !== '}') throw new Error(this.fail('expected "," or "}"'));
    }
  }

  /** A JavaScript number literal: sign, digits, fraction, exponent (any length, scanned once). */
  number(): number | undefined {
    const start = this.pos;
    const digits = () => {
      const from = this.pos;
      while (this.pos < this.text.length && (this.text[this.pos] ?? '') >= '0' && (this.text[this.pos] ?? '') <= '9') this.pos++;
      return this.pos - from;
    };
    if (this.text[this.pos] === '-' || this.text[this.pos] === '+') this.pos++;
    let count = digits();
    if (this.text[this.pos] === '.') {
      this.pos++;
      count += digits();
    }
    if (count === 0) {
      this.pos = start;
      return undefined;
    }
    if (this.text[this.pos] === 'e' || this.text[this.pos] === 'E') {
      const mark = this.pos;
      this.pos++;
      if (this.text[this.pos] === '-' || this.text[this.pos] === '+') this.pos++;
      if (digits() === 0) this.pos = mark;
    }
    return Number(this.text.slice(start, this.pos));
  }

  key(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return this.string();
    identifier.lastIndex = this.pos;
    const m = identifier.exec(this.text);
    if (!m) throw new Error(this.fail('expected a key'));
    this.pos += m[0].length;
    return m[0];
  }

  string(): string {
    const quote = this.text[this.pos];
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++] ?? '';
      if (c === quote) return out;
      if (c === '\\') {
        const e = this.text[this.pos++] ?? '';
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', "'": "'", '"': '"' };
        if (e === 'u') {
          const hex = this.text.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(this.fail('bad \\u escape'));
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
        } else out += map[e] ?? e;
      } else out += c;
    }
    throw new Error(this.fail('unterminated string'));
  }
}

/**
 * One entry of a `labels` or `categories` list as the elements read it: a string, a number (as
 * text), or an object's `label`; undefined for anything else. The stand-ins and lint share it.
 */
export function labelText(item: unknown): string | undefined {
  if (typeof item === 'string' || typeof item === 'number') return String(item);
  if (typeof item === 'object' && item !== null && !Array.isArray(item) && typeof (item as { label?: unknown }).label === 'string') return (item as { label: string }).label;
  return undefined;
}
