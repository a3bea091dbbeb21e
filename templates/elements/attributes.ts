/**
 * Reads array and object attributes the way the crowd elements accept them: strict JSON, or the
 * JavaScript-style literals AWS's own examples use (`['Cat', 'Dog']`, `{ text: 'None' }`):
 * single- or double-quoted strings, unquoted keys, trailing commas. A small parser, never eval.
 */
export type LenientResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Inputs longer than this are refused rather than parsed (attributes are short in practice). */
const maxLength = 1_000_000;
const maxDepth = 64;

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
    const word = /^(true|false|null|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos, this.pos + 64));
    if (word?.[1]) {
      this.pos += word[1].length;
      return word[1] === 'true' ? true : word[1] === 'false' ? false : word[1] === 'null' ? null : Number(word[1]);
    }
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

  key(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return this.string();
    const m = /^[A-Za-z_$][\w$-]*/.exec(this.text.slice(this.pos, this.pos + 256));
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
