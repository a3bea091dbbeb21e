import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, toBase64 } from '../../../lambdas/consolidation/segmentation/png.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';
import { semanticSegmentation, simulatedColour, type SemanticSegmentationAnswer } from '../../../lambdas/task-types/segmentation.ts';

const size = { width: 40, height: 30 };

/** An RGBA mask of the image's size with one rectangle painted in `color`. */
function maskPng(width: number, height: number, rect?: { left: number; top: number; right: number; bottom: number; rgb: [number, number, number] }): string {
  const data = new Uint8Array(width * height * 4);
  if (rect)
    for (let y = rect.top; y < rect.bottom; y++)
      for (let x = rect.left; x < rect.right; x++) data.set([...rect.rgb, 255], (y * width + x) * 4);
  return toBase64(encodePng({ width, height, data }));
}

const answer = (overrides: Record<string, unknown> = {}) => ({
  annotatedResult: {
    inputImageProperties: size,
    labelMappings: { cat: { color: '#1f77b4' } },
    labeledImage: { pngImageData: maskPng(40, 30, { left: 5, top: 5, right: 20, bottom: 20, rgb: [0x1f, 0x77, 0xb4] }) },
    ...overrides,
  },
});

describe('semantic-segmentation answers', () => {
  it('parses what crowd-semantic-segmentation submits, colours in lower case, initialValueModified kept', () => {
    const parsed = semanticSegmentation.parseAnswer({ annotatedResult: { ...answer().annotatedResult, labelMappings: { cat: { color: '#1F77B4' } }, initialValueModified: true } });
    expect(parsed.labelMappings).toEqual({ cat: { color: '#1f77b4' } });
    expect(parsed.inputImageProperties).toEqual(size);
    expect(parsed.initialValueModified).toBe(true);
  });

  it('names the path of each thing wrong with an answer', () => {
    const at = 'answer.annotatedResult';
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ labeledImage: undefined }, `${at}.labeledImage: expected an object, got undefined`],
      [{ labeledImage: {} }, `${at}.labeledImage.pngImageData: expected a string, got undefined`],
      [{ labeledImage: { pngImageData: 'not base64!' } }, `${at}.labeledImage.pngImageData: not base64: character "!" at position 10`],
      [{ labeledImage: { pngImageData: '' } }, `${at}.labeledImage.pngImageData: is empty; expected a base64 PNG`],
      [{ labeledImage: { pngImageData: toBase64(new TextEncoder().encode('GIF89a, not a PNG at all')) } }, `${at}.labeledImage.pngImageData: PNG: not a PNG:`],
      [{ labeledImage: { pngImageData: maskPng(41, 30) } }, `${at}.labeledImage.pngImageData: the PNG is 41 × 30 pixels, but inputImageProperties says 40 × 30; the mask must have the image's size`],
      [{ labelMappings: undefined }, `${at}.labelMappings: expected an object, got undefined`],
      [{ labelMappings: { cat: '#1f77b4' } }, `${at}.labelMappings["cat"]: expected an object, got string`],
      [{ labelMappings: { cat: { color: 'blue' } } }, `${at}.labelMappings["cat"].color: expected a colour "#rrggbb", got "blue"`],
      [{ labelMappings: { cat: { color: '#1f77b4' }, dog: { color: '#1F77B4' } } }, `${at}.labelMappings["dog"].color: "cat" and "dog" have the same colour #1f77b4, so the mask cannot tell them apart`],
      [{ inputImageProperties: { width: 0, height: 0 } }, `${at}.inputImageProperties.width: expected a whole number of pixels ≥ 1, got 0`],
      [{ inputImageProperties: { width: 40.5, height: 30 } }, `${at}.inputImageProperties.width: expected a whole number of pixels ≥ 1, got 40.5`],
      [{ inputImageProperties: undefined }, `${at}.inputImageProperties: expected an object, got undefined`],
    ];
    for (const [overrides, message] of cases) expect(() => semanticSegmentation.parseAnswer(answer(overrides)), message).toThrow(message);
  });

  it('takes a data: URL too, and a label of a colour no pixel has (its label then paints nothing)', () => {
    const png = answer().annotatedResult.labeledImage.pngImageData;
    expect(() => semanticSegmentation.parseAnswer(answer({ labeledImage: { pngImageData: `data:image/png;base64,${png}` } }))).not.toThrow();
    expect(() => semanticSegmentation.parseAnswer(answer({ labelMappings: { cat: { color: '#1f77b4' }, dog: { color: '#2ca02c' } } }))).not.toThrow();
  });

  it('reads only the header from the base64 text: damage past it is left to the consolidation, which decodes the mask', () => {
    const png = answer().annotatedResult.labeledImage.pngImageData;
    const damaged = `${png.slice(0, 100)}!${png.slice(101)}`;
    expect(() => semanticSegmentation.parseAnswer(answer({ labeledImage: { pngImageData: damaged } }))).not.toThrow();
    expect(() => semanticSegmentation.parseAnswer(answer({ labeledImage: { pngImageData: `${png.slice(0, 30)}!${png.slice(31)}` } }))).toThrow('not base64: character "!" at position 30');
  });

  it('rates masks by their IoU pooled over labels: itself 1, a shifted copy lower, a blank mask against a painted one 0', () => {
    const a = semanticSegmentation.parseAnswer(answer());
    const shifted = semanticSegmentation.parseAnswer(answer({ labeledImage: { pngImageData: maskPng(40, 30, { left: 10, top: 5, right: 25, bottom: 20, rgb: [0x1f, 0x77, 0xb4] }) } }));
    const blank = semanticSegmentation.parseAnswer(answer({ labelMappings: {}, labeledImage: { pngImageData: maskPng(40, 30) } }));
    expect(semanticSegmentation.similarity(a, a)).toBe(1);
    // 15 × 15 squares overlapping by 10 columns: 150 / 300.
    expect(semanticSegmentation.similarity(a, shifted)).toBeCloseTo(0.5, 10);
    expect(semanticSegmentation.similarity(a, blank)).toBe(0);
    expect(semanticSegmentation.similarity(blank, blank)).toBe(1);
  });
});

describe('semantic-segmentation simulation', () => {
  const labels = ['building', 'tree'];
  const truth = { imageSize: { width: 120, height: 90 }, polygons: [{ label: 'building', vertices: [{ x: 10, y: 10 }, { x: 60, y: 10 }, { x: 60, y: 60 }, { x: 10, y: 60 }] }] };
  const simulate = (worker: { accuracy: number; spammer: boolean }, seed: number) =>
    semanticSegmentation.parseAnswer(semanticSegmentation.simulate({ taskInput: { taskObject: 's3://b/i.png', labels }, truth, worker: { id: 'w', ...worker }, random: seededRandom(seed), labels }));

  it("paints the truth's polygons in their labels' colours, at the truth's image size, transparent elsewhere", () => {
    const a = simulate({ accuracy: 1, spammer: false }, 2) as SemanticSegmentationAnswer;
    const image = decodePng(Uint8Array.from(Buffer.from(a.labeledImage.pngImageData, 'base64')));
    expect([image.width, image.height]).toEqual([120, 90]);
    expect(a.labelMappings).toEqual({ building: { color: simulatedColour(0) } });
    // The middle of the building is its colour; a far corner is unpainted.
    const at = (x: number, y: number) => [...image.data.subarray((y * 120 + x) * 4, (y * 120 + x) * 4 + 4)];
    expect(at(35, 35)).toEqual([0x1f, 0x77, 0xb4, 255]);
    expect(at(110, 85)).toEqual([0, 0, 0, 0]);
  });

  it('honest workers agree with each other far more than spammers do with them', () => {
    const honest = [1, 2, 3, 4].map((seed) => simulate({ accuracy: 0.9, spammer: false }, seed));
    const spammers = [5, 6, 7, 8].map((seed) => simulate({ accuracy: 0, spammer: true }, seed));
    const mean = (pairs: Array<[SemanticSegmentationAnswer, SemanticSegmentationAnswer]>) => pairs.reduce((s, [x, y]) => s + semanticSegmentation.similarity(x, y), 0) / pairs.length;
    const honestPairs = honest.flatMap((x, i) => honest.slice(i + 1).map((y) => [x, y] as [SemanticSegmentationAnswer, SemanticSegmentationAnswer]));
    const spamPairs = spammers.map((s, i) => [s, honest[i]] as [SemanticSegmentationAnswer, SemanticSegmentationAnswer]);
    expect(mean(honestPairs)).toBeGreaterThan(0.6);
    expect(mean(spamPairs)).toBeLessThan(0.3);
  });

  it('gives many labels distinct colours', () => {
    const colours = Array.from({ length: 255 }, (_, i) => simulatedColour(i));
    expect(new Set(colours).size).toBe(255);
    expect(colours.every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
  });
});
