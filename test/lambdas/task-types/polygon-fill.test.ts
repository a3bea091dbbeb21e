import { describe, expect, it } from 'vitest';
import { fillPolygon, type Point } from '../../../lambdas/task-types/polygon-fill.ts';

/** The map as rows of digits, to compare by eye. */
function rows(classes: Uint8Array, width: number): string[] {
  const out: string[] = [];
  for (let y = 0; y < classes.length / width; y++) out.push([...classes.subarray(y * width, (y + 1) * width)].join(''));
  return out;
}

function filled(width: number, height: number, vertices: Point[], value = 1): Uint8Array {
  const classes = new Uint8Array(width * height);
  fillPolygon(classes, width, height, vertices, value);
  return classes;
}

const count = (classes: Uint8Array, value: number) => classes.reduce((n, c) => n + (c === value ? 1 : 0), 0);

describe('fillPolygon', () => {
  it('fills a box on whole pixels exactly: left/top inclusive, right/bottom exclusive (pixel centres)', () => {
    expect(rows(filled(6, 5, [{ x: 1, y: 1 }, { x: 4, y: 1 }, { x: 4, y: 3 }, { x: 1, y: 3 }], 7), 6)).toEqual(['000000', '077700', '077700', '000000', '000000']);
  });

  it('a 110 × 160 box fills 110 × 160 pixels, whichever way round its vertices go', () => {
    const box = [{ x: 40, y: 60 }, { x: 150, y: 60 }, { x: 150, y: 220 }, { x: 40, y: 220 }];
    expect(count(filled(640, 480, box), 1)).toBe(110 * 160);
    expect(count(filled(640, 480, [...box].reverse()), 1)).toBe(110 * 160);
  });

  it('fills a triangle to about its area, and two triangles sharing an edge never paint the same pixel', () => {
    const a = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 0, y: 100 }];
    const b = [{ x: 100, y: 0 }, { x: 100, y: 100 }, { x: 0, y: 100 }];
    const classes = new Uint8Array(100 * 100);
    fillPolygon(classes, 100, 100, a, 1);
    const first = count(classes, 1);
    expect(Math.abs(first - 5000)).toBeLessThanOrEqual(100);
    const before = classes.slice();
    fillPolygon(classes, 100, 100, b, 2);
    // b overwrote none of a's pixels, and together they cover the square.
    expect(count(classes, 1)).toBe(first);
    expect(before.every((c, i) => c === 0 || classes[i] === c)).toBe(true);
    expect(count(classes, 0)).toBe(0);
  });

  it("leaves a concave shape's notch open (even-odd rule)", () => {
    // A "U": the notch between its arms stays empty.
    const u = filled(5, 4, [{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 2, y: 2 }, { x: 3, y: 2 }, { x: 3, y: 0 }, { x: 5, y: 0 }, { x: 5, y: 4 }, { x: 0, y: 4 }]);
    expect(rows(u, 5)).toEqual(['11011', '11011', '11111', '11111']);
  });

  it('clips to the image and paints nothing for degenerate input', () => {
    expect(count(filled(10, 10, [{ x: -50, y: -50 }, { x: 50, y: -50 }, { x: 50, y: 50 }, { x: -50, y: 50 }]), 1)).toBe(100);
    expect(count(filled(10, 10, [{ x: 1, y: 1 }, { x: 5, y: 5 }]), 1)).toBe(0);
    expect(count(filled(10, 10, [{ x: 1, y: 1 }, { x: Number.NaN, y: 5 }, { x: 5, y: 1 }]), 1)).toBe(0);
    // A zero-area sliver between pixel centres paints nothing.
    expect(count(filled(10, 10, [{ x: 2, y: 2 }, { x: 2.2, y: 2 }, { x: 2.2, y: 8 }, { x: 2, y: 8 }]), 1)).toBe(0);
  });
});
