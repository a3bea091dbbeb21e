import { toValue, type Context, type Emitter, type Liquid } from 'liquidjs';

/**
 * An emitter that charges every character written to it to the render's `memoryLimit`.
 *
 * liquidjs charges ranges and the filters that build strings (`append`, `replace`, …) but not the
 * text a render writes, so `{% capture s %}{{ s }}{{ s }}{% endcapture %}` in a loop doubled a
 * string past every limit, to 84M characters whose autoescaping aborted V8 (a fatal "invalid size
 * error", which no catch sees). Metering the writes turns that into the engine's `limit` error.
 */
class MeteredEmitter implements Emitter {
  buffer = '';

  constructor(private readonly ctx: Context) {}

  write(html: unknown): void {
    const text = typeof html === 'string' ? html : stringify(html);
    this.ctx.memoryLimit.use(text.length);
    this.buffer += text;
  }
}

/** What liquidjs's own emitter writes for a value (its `stringify`, which it does not export). */
function stringify(value: unknown): string {
  const v = toValue(value);
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(stringify).join('');
  return String(v);
}

/**
 * Makes every render of `engine` write through a metered emitter: the page itself and the body of
 * each `capture` (liquidjs creates an emitter only where none is passed down; block tags such as
 * `if` and `for` write into their parent's).
 */
export function meterWrittenText(engine: Liquid): void {
  const renderer = engine.renderer;
  const renderTemplates = renderer.renderTemplates.bind(renderer);
  renderer.renderTemplates = (templates, ctx, emitter) => renderTemplates(templates, ctx, emitter ?? new MeteredEmitter(ctx));
}
