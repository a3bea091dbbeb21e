import type { Context, Emitter, Liquid } from 'liquidjs';
import { outputText } from './escaping.ts';

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
    const text = typeof html === 'string' ? html : outputText(html);
    this.ctx.memoryLimit.use(text.length);
    this.buffer += text;
  }
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
