import { afterEach, describe, expect, it } from 'vitest';
import { LabelMask } from '../../../templates/elements/shared/mask.ts';
import { encodePng, toBase64 } from '../../../templates/elements/shared/png.ts';
import { decodePng } from '../../helpers/png.ts';
import { happyPage, type HappyPage } from './happy-page.ts';
import { drag, readyTool, type Tool } from './image-tool-helpers.ts';

let page: HappyPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});
const open = (tag: string, attrs = '') => (page = happyPage(`<crowd-form><${tag} name="seg" src="/x.png" header="Paint" labels="['road', 'sky']" ${attrs}></${tag}></crowd-form>`));

function pixel(tool: Tool, x: number, y: number): number[] {
  const png = decodePng(new Uint8Array(Buffer.from((tool.value.labeledImage as { pngImageData: string }).pngImageData, 'base64')));
  const i = (y * png.width + x) * 4;
  return Array.from(png.rgba.subarray(i, i + 4));
}

describe('crowd-semantic-segmentation', () => {
  it('paints label colours into a PNG mask the size of the image and maps the labels used', () => {
    const p = open('crowd-semantic-segmentation');
    // 200 × 100 image shown at half size: a 24 px brush covers 24 image px (radius 12).
    const tool = readyTool(p, 'crowd-semantic-segmentation', { width: 200, height: 100 }, { left: 0, top: 0, width: 100, height: 50 });
    drag(p, tool, [10, 10], [40, 10]);
    const value = tool.value as { inputImageProperties: unknown; labelMappings: unknown; labeledImage: { pngImageData: string } };
    expect(Object.keys(value)).toEqual(['inputImageProperties', 'labelMappings', 'labeledImage']);
    expect(value.inputImageProperties).toEqual({ width: 200, height: 100 });
    expect(value.labelMappings).toEqual({ road: { color: '#1f77b4' } });
    expect(value.labeledImage.pngImageData.startsWith('iVBOR')).toBe(true);
    const png = decodePng(new Uint8Array(Buffer.from(value.labeledImage.pngImageData, 'base64')));
    expect([png.width, png.height]).toEqual([200, 100]);
    expect(pixel(tool, 20, 20)).toEqual([0x1f, 0x77, 0xb4, 255]);
    expect(pixel(tool, 50, 20)).toEqual([0x1f, 0x77, 0xb4, 255]); // the stroke has no gaps between samples
    expect(pixel(tool, 80, 20)).toEqual([0x1f, 0x77, 0xb4, 255]);
    expect(pixel(tool, 20, 60)).toEqual([0, 0, 0, 0]);
    // Only label colours or the background: painting is exact, never blended.
    const colours = new Set<string>();
    for (let i = 0; i < png.rgba.length; i += 4) colours.add(Array.from(png.rgba.subarray(i, i + 4)).join(','));
    expect([...colours].sort()).toEqual(['0,0,0,0', '31,119,180,255']);
  });

  it('the eraser removes paint; a label with no pixels left leaves labelMappings', () => {
    const p = open('crowd-semantic-segmentation');
    const tool = readyTool(p, 'crowd-semantic-segmentation', { width: 100, height: 100 });
    p.key(tool.stage, '2');
    drag(p, tool, [50, 50], [51, 50]);
    expect(tool.value.labelMappings).toEqual({ sky: { color: '#ff7f0e' } });
    p.key(tool.stage, 'e');
    p.key(tool.stage, ']');
    p.key(tool.stage, ']');
    drag(p, tool, [50, 50], [51, 50]);
    expect(tool.value.labelMappings).toEqual({});
    expect(pixel(tool, 50, 50)).toEqual([0, 0, 0, 0]);
    expect(p.$('crowd-semantic-segmentation .gtkit-chip[aria-pressed]').getAttribute('aria-pressed')).toBe('true');
  });

  it('keyboard: Space paints at the cursor, Shift+arrows paint as they move, [ ] change the brush', () => {
    const p = open('crowd-semantic-segmentation');
    const tool = readyTool(p, 'crowd-semantic-segmentation', { width: 100, height: 100 });
    for (let i = 0; i < 8; i++) p.key(tool.stage, '[');
    expect(p.$<HTMLInputElement>('crowd-semantic-segmentation input[type="range"]').value).toBe('2');
    p.key(tool.stage, ' ');
    p.key(tool.stage, 'ArrowRight', { shiftKey: true, altKey: true });
    expect(pixel(tool, 50, 50)[3]).toBe(255);
    expect(pixel(tool, 70, 50)[3]).toBe(255);
    expect(pixel(tool, 90, 50)[3]).toBe(255);
    expect(pixel(tool, 50, 53)[3]).toBe(0);
  });

  it('reports initialValueModified only with an initial value', () => {
    const p = open('crowd-semantic-segmentation', `initial-value='{"labelMappings":{"sky":{"color":"#123456"}},"src":"/earlier.png"}'`);
    const tool = readyTool(p, 'crowd-semantic-segmentation', { width: 50, height: 50 });
    expect(tool.value.initialValueModified).toBe(false);
    p.key(tool.stage, '2');
    drag(p, tool, [10, 10], [12, 10]);
    expect(tool.value.labelMappings).toEqual({ sky: { color: '#123456' } });
    expect(tool.value.initialValueModified).toBe(true);
    expect(open('crowd-semantic-segmentation').$<Tool>('crowd-semantic-segmentation').value).not.toHaveProperty('initialValueModified');
  });
});

describe('crowd-instance-segmentation', () => {
  it('gives each instance its own colour; labels repeat; only painted instances answer', () => {
    const p = open('crowd-instance-segmentation');
    const tool = readyTool(p, 'crowd-instance-segmentation', { width: 100, height: 100 });
    drag(p, tool, [20, 20], [22, 20]);
    p.key(tool.stage, 'i');
    drag(p, tool, [70, 70], [72, 70]);
    p.key(tool.stage, 'i'); // a third instance, never painted
    p.key(tool.stage, '2'); // it is empty, so it just changes label
    expect(tool.value.instances).toEqual([{ color: '#1f77b4', label: 'road' }, { color: '#ff7f0e', label: 'road' }]);
    expect(Object.keys(tool.value)).toEqual(['inputImageProperties', 'instances', 'labeledImage']);
    drag(p, tool, [20, 80], [22, 80]);
    p.key(tool.stage, '1'); // the current instance has pixels: a new road instance starts
    drag(p, tool, [80, 20], [82, 20]);
    expect(tool.value.instances).toEqual([
      { color: '#1f77b4', label: 'road' },
      { color: '#ff7f0e', label: 'road' },
      { color: '#2ca02c', label: 'sky' },
      { color: '#d62728', label: 'road' },
    ]);
    expect(pixel(tool, 70, 70)).toEqual([0xff, 0x7f, 0x0e, 255]);
    expect(pixel(tool, 20, 80)).toEqual([0x2c, 0xa0, 0x2c, 255]);
    // The list selects an instance to paint more of it.
    p.$<HTMLButtonElement>('crowd-instance-segmentation .gtkit-shapes li:first-child .gtkit-select').click();
    drag(p, tool, [50, 50], [52, 50]);
    expect(pixel(tool, 50, 50)).toEqual([0x1f, 0x77, 0xb4, 255]);
  });
});

describe('crowd-instance-segmentation with an initial value', () => {
  it('adds no initialValueModified: the reference documents it for semantic segmentation only', () => {
    const p = open('crowd-instance-segmentation', `initial-value='{"instances":[{"color":"#1f77b4","label":"road"}],"src":"/earlier.png"}'`);
    const tool = readyTool(p, 'crowd-instance-segmentation', { width: 50, height: 50 });
    drag(p, tool, [10, 10], [12, 10]);
    expect(tool.value.instances).toEqual([{ color: '#1f77b4', label: 'road' }]);
    expect(tool.value).not.toHaveProperty('initialValueModified');
  });
});

describe('mask and PNG encoding', () => {
  it('paints exact discs, keeps pixel counts, clears one id', () => {
    const mask = new LabelMask(10, 10);
    mask.paintDisc({ x: 5, y: 5 }, 2, 3);
    expect(mask.counts[3]).toBe(12);
    expect(mask.counts[0]).toBe(88);
    mask.paintDisc({ x: 5, y: 5 }, 1, 4);
    expect((mask.counts[3] ?? 0) + (mask.counts[4] ?? 0)).toBe(12);
    mask.clearId(3);
    expect(mask.counts[3]).toBe(0);
    expect(mask.paintDisc({ x: -50, y: -50 }, 2, 1)).toBeNull();
    const before = mask.fingerprint();
    mask.paintDisc({ x: 0, y: 0 }, 1, 1);
    expect(mask.fingerprint()).not.toBe(before);
  });

  it('encodes RGBA PNGs any decoder reads back, and refuses impossible sizes', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
    const decoded = decodePng(encodePng(3, 2, rgba));
    expect(decoded).toEqual({ width: 3, height: 2, rgba });
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(/positive whole size/);
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow(/expected 16 RGBA bytes/);
    expect(toBase64(new Uint8Array([1, 2, 3]))).toBe('AQID');
    // Large masks stay small: a flat 2000 × 1500 mask deflates to a few kilobytes.
    const big = new LabelMask(2000, 1500);
    big.paintDisc({ x: 1000, y: 750 }, 400, 1);
    const png = encodePng(2000, 1500, big.toRgba(() => [10, 20, 30], [0, 0, 0, 0]));
    expect(png.length).toBeLessThan(60_000);
    expect(toBase64(png).length).toBeGreaterThan(0);
  });
});
