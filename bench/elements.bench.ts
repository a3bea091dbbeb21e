import { Window } from 'happy-dom';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { buildCrowdElementsBundle } from '../templates/elements/bundle.ts';
import { defineCrowdElements, type Win } from '../templates/elements/index.ts';
import { LabelMask } from '../templates/elements/shared/mask.ts';
import { encodePng, toBase64 } from '../templates/elements/shared/png.ts';
import { fmt, medianSeconds } from './measure.ts';
import type { BenchResult } from './types.ts';

/** A page with one of every answering element, as a worker template would hold them. */
const everyElement = `<crowd-form>
  <crowd-bounding-box name="b" src="/x.png" header="h" labels="['a','b']"></crowd-bounding-box>
  <crowd-keypoint name="k" src="/x.png" header="h" labels="['a']"></crowd-keypoint>
  <crowd-polygon name="p" src="/x.png" header="h" labels="['a']"></crowd-polygon>
  <crowd-line name="l" src="/x.png" header="h" labels="['a']"></crowd-line>
  <crowd-polyline name="pl" src="/x.png" header="h" labels="['a']"></crowd-polyline>
  <crowd-semantic-segmentation name="s" src="/x.png" header="h" labels="['a']"></crowd-semantic-segmentation>
  <crowd-instance-segmentation name="i" src="/x.png" header="h" labels="['a']"></crowd-instance-segmentation>
  <crowd-classifier name="c" header="h" categories="['a','b']"><classification-target>t</classification-target></crowd-classifier>
  <crowd-classifier-multi-select name="m" header="h" categories="['a','b']"></crowd-classifier-multi-select>
  <crowd-image-classifier name="ic" src="/x.png" header="h" categories="['a','b']"><worker-comment></worker-comment></crowd-image-classifier>
  <crowd-image-classifier-multi-select name="im" src="/x.png" header="h" categories="['a','b']"></crowd-image-classifier-multi-select>
  <crowd-input name="in"></crowd-input><crowd-text-area name="ta"></crowd-text-area><crowd-checkbox name="cb"></crowd-checkbox>
  <crowd-toggle-button name="tb"></crowd-toggle-button><crowd-radio-group><crowd-radio-button name="r"></crowd-radio-button></crowd-radio-group><crowd-slider name="sl"></crowd-slider>
  <short-instructions>s</short-instructions><full-instructions>f</full-instructions>
</crowd-form><crowd-entity-annotation name="e" header="h" text="Ada Lovelace met Babbage." labels="['person']"></crowd-entity-annotation>`;

function happyWindow(): { win: Win; close: () => Promise<void> } {
  const window = new Window({ settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true, handleDisabledFileLoadingAsSuccess: true } });
  return { win: window as unknown as Win, close: () => window.happyDOM.close() };
}

/**
 * The offline stand-ins: bundle build time and size (what the preview serves), laying out a page
 * with every answering element in happy-dom, reading the answer of a tool holding 1,000 boxes,
 * and a 2000 × 1500 segmentation mask (brush strokes, PNG encoding).
 */
export async function run(): Promise<BenchResult> {
  const buildStart = performance.now();
  const bundle = await buildCrowdElementsBundle();
  const buildMs = performance.now() - buildStart;
  const bundleKb = Buffer.byteLength(bundle) / 1024;
  const gzipKb = gzipSync(bundle).length / 1024;

  const layoutMs =
    (await medianSeconds(async () => {
      const { win, close } = happyWindow();
      win.document.write(`<!doctype html><html><head></head><body>${everyElement}</body></html>`);
      defineCrowdElements(win);
      await close();
    }, 7, 2)) * 1000;

  const { win, close } = happyWindow();
  win.document.write(`<!doctype html><html><head></head><body><crowd-form><crowd-bounding-box name="b" src="/x.png" header="h" labels="['a']"></crowd-bounding-box></crowd-form></body></html>`);
  defineCrowdElements(win);
  const tool = win.document.querySelector('crowd-bounding-box') as unknown as { setImageSize(w: number, h: number): void; addBox(b: object): void; value: { boundingBoxes: unknown[] } };
  tool.setImageSize(4000, 3000);
  for (let i = 0; i < 1000; i++) tool.addBox({ label: 'a', left: (i * 37) % 3900, top: (i * 53) % 2900, width: 50.4, height: 60.6 });
  const form = win.document.querySelector('crowd-form') as unknown as { serialize(): Record<string, unknown> };
  const serializeMs = (await medianSeconds(() => JSON.stringify(form.serialize()), 9, 2)) * 1000;
  const boxes = tool.value.boundingBoxes.length;
  await close();

  const mask = new LabelMask(2000, 1500);
  const strokeMs =
    (await medianSeconds(() => {
      for (let i = 0; i < 100; i++) mask.paintStroke({ x: 100 + i * 15, y: 200 }, { x: 100 + i * 15, y: 1300 }, 12, (i % 5) + 1);
    }, 5, 1)) * 1000;
  const palette: Array<[number, number, number]> = [[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189]];
  let pngBytes = 0;
  const encodeMs =
    (await medianSeconds(() => {
      const png = encodePng(mask.width, mask.height, mask.toRgba((id) => palette[(id - 1) % palette.length] ?? [0, 0, 0], [0, 0, 0, 0]));
      pngBytes = toBase64(png).length;
    }, 5, 1)) * 1000;

  const rows: Array<Array<string | number>> = [
    ['bundle build (esbuild, first call)', `${fmt(buildMs, 0)} ms`],
    ['bundle size', `${fmt(bundleKb, 1)} KB (${fmt(gzipKb, 1)} KB gzipped)`],
    ['lay out every answering element once (happy-dom)', `${fmt(layoutMs, 1)} ms`],
    [`serialise crowd-form with ${boxes} boxes`, `${fmt(serializeMs, 2)} ms`],
    ['100 brush strokes of 1,100 px on a 2000 × 1500 mask', `${fmt(strokeMs, 1)} ms`],
    ['encode that mask as base64 PNG', `${fmt(encodeMs, 1)} ms, ${fmt(pngBytes / 1024, 1)} KB`],
  ];
  return {
    name: 'elements',
    tables: [{ title: 'Offline Crowd HTML Elements stand-ins', columns: ['what', 'measured'], rows }],
    metrics: {
      bundle_build_ms: buildMs,
      bundle_kb: bundleKb,
      bundle_gzip_kb: gzipKb,
      layout_every_element_ms: layoutMs,
      serialize_1000_boxes_ms: serializeMs,
      mask_100_strokes_ms: strokeMs,
      mask_png_encode_ms: encodeMs,
      mask_png_base64_kb: pngBytes / 1024,
    },
    targets: [
      { what: 'bundle size, gzipped', target: '≤ 60 KB (Amazon’s loader alone is 151 KB raw)', measured: `${fmt(gzipKb, 1)} KB`, met: gzipKb <= 60 },
      { what: 'mask PNG encode, 2000 × 1500', target: '≤ 500 ms (on submit, once)', measured: `${fmt(encodeMs, 0)} ms`, met: encodeMs <= 500 },
    ],
  };
}
