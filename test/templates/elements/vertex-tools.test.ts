import { afterEach, describe, expect, it } from 'vitest';
import { happyPage, type HappyPage } from './happy-page.ts';
import { click, drag, readyTool, type Tool } from './image-tool-helpers.ts';

let page: HappyPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});
const open = (tag: string, attrs = '') => (page = happyPage(`<crowd-form><${tag} name="v" src="/x.png" header="Outline" labels="['dog', 'cat']" ${attrs}></${tag}></crowd-form>`));
const clicks = (p: HappyPage, tool: Tool, points: Array<[number, number]>) => {
  for (const [x, y] of points) click(p, tool.stage, x, y);
};

describe('crowd-polygon', () => {
  it('clicks around an outline and closes on the first point; vertices in image pixels', () => {
    const p = open('crowd-polygon');
    const tool = readyTool(p, 'crowd-polygon', { width: 1000, height: 800 }, { left: 0, top: 0, width: 500, height: 400 });
    clicks(p, tool, [[100, 100], [200, 100], [200, 200]]);
    expect(p.doc.querySelectorAll('crowd-polygon circle')).toHaveLength(3);
    click(p, p.$('crowd-polygon circle[data-first]'), 100, 100);
    expect(tool.value).toEqual({ inputImageProperties: { width: 1000, height: 800 }, polygons: [{ label: 'dog', vertices: [{ x: 200, y: 200 }, { x: 400, y: 200 }, { x: 400, y: 400 }] }] });
    expect(p.$('crowd-polygon [aria-live]').textContent).toBe('Added polygon 1: dog, 3 points.');
  });

  it('Enter closes, Escape cancels, Backspace takes back a point, a double-click closes without a duplicate point', () => {
    const p = open('crowd-polygon');
    const tool = readyTool(p, 'crowd-polygon');
    clicks(p, tool, [[10, 10], [50, 10], [50, 50], [10, 50]]);
    p.key(tool.stage, 'Backspace');
    p.key(tool.stage, 'Enter');
    expect((tool.value.polygons as Array<{ vertices: unknown[] }>)[0]?.vertices).toHaveLength(3);
    p.key(tool.stage, 'Escape');
    clicks(p, tool, [[300, 300], [350, 300]]);
    p.key(tool.stage, 'Escape');
    expect(tool.value.polygons).toHaveLength(1);
    clicks(p, tool, [[100, 300], [200, 300], [200, 400], [200, 400]]);
    tool.stage.dispatchEvent(new p.win.MouseEvent('dblclick', { clientX: 200, clientY: 400, bubbles: true }));
    expect((tool.value.polygons as Array<{ vertices: unknown[] }>)[1]?.vertices).toEqual([{ x: 100, y: 300 }, { x: 200, y: 300 }, { x: 200, y: 400 }]);
  });

  it('a polygon needs three points; two are dropped with a message', () => {
    const p = open('crowd-polygon');
    const tool = readyTool(p, 'crowd-polygon');
    clicks(p, tool, [[10, 10], [50, 10]]);
    p.key(tool.stage, 'Enter');
    expect(tool.value.polygons).toEqual([]);
    expect(p.$('crowd-polygon [aria-live]').textContent).toBe('A polygon needs at least 3 points; nothing added.');
  });

  it('selects by outline, drags a vertex, moves the whole shape, relabels and deletes', () => {
    const p = open('crowd-polygon');
    const tool = readyTool(p, 'crowd-polygon');
    clicks(p, tool, [[10, 10], [110, 10], [110, 110]]);
    p.key(tool.stage, 'Enter');
    p.key(tool.stage, 'Escape');
    click(p, p.$('crowd-polygon polygon[data-index="0"][pointer-events="stroke"]'), 60, 10);
    expect(tool.selected).toBe(0);
    drag(p, tool, [110, 110], [120, 130], p.$('crowd-polygon circle[data-vertex="2"]'));
    drag(p, tool, [60, 40], [70, 50], p.$('crowd-polygon polygon[pointer-events="all"]'));
    p.key(tool.stage, 'ArrowLeft');
    p.key(tool.stage, '2');
    expect(tool.value.polygons).toEqual([{ label: 'cat', vertices: [{ x: 19, y: 20 }, { x: 119, y: 20 }, { x: 129, y: 140 }] }]);
    p.key(tool.stage, 'Delete');
    expect(tool.value.polygons).toEqual([]);
  });

  it('keyboard only: the cursor and Space add points, Enter closes', () => {
    const p = open('crowd-polygon');
    const tool = readyTool(p, 'crowd-polygon', { width: 100, height: 100 });
    p.key(tool.stage, ' ');
    p.key(tool.stage, 'ArrowRight', { altKey: true });
    p.key(tool.stage, ' ');
    p.key(tool.stage, 'ArrowDown', { altKey: true });
    p.key(tool.stage, ' ');
    p.key(tool.stage, 'Enter');
    expect(tool.value.polygons).toEqual([{ label: 'dog', vertices: [{ x: 50, y: 50 }, { x: 60, y: 50 }, { x: 60, y: 60 }] }]);
  });

  it('reads initial-value as a list and reports bad entries', () => {
    const p = open('crowd-polygon', `initial-value='[{"label":"dog","vertices":[{"x":1,"y":2},{"x":3,"y":4},{"x":5,"y":6}]},{"label":"dog","vertices":[{"x":1,"y":2}]}]'`);
    const tool = readyTool(p, 'crowd-polygon');
    expect(tool.value.polygons).toEqual([{ label: 'dog', vertices: [{ x: 1, y: 2 }, { x: 3, y: 4 }, { x: 5, y: 6 }] }]);
    expect(p.$('crowd-polygon .gtkit-problems').textContent).toContain('polygons[1]: expected {label, vertices: [{x, y}, …]} with at least 3 numeric vertices');
  });
});

describe('crowd-line and crowd-polyline', () => {
  it('a line ends after its second click', () => {
    const p = open('crowd-line');
    const tool = readyTool(p, 'crowd-line', { width: 1400, height: 700 }, { left: 0, top: 0, width: 700, height: 350 });
    clicks(p, tool, [[29, 147.5], [671, 199]]);
    clicks(p, tool, [[10, 10]]);
    expect(tool.value).toEqual({ inputImageProperties: { width: 1400, height: 700 }, lines: [{ label: 'dog', vertices: [{ x: 58, y: 295 }, { x: 1342, y: 398 }] }] });
  });

  it('a polyline takes any number of points and ends on Enter', () => {
    const p = open('crowd-polyline');
    const tool = readyTool(p, 'crowd-polyline');
    clicks(p, tool, [[10, 10], [100, 50], [200, 20], [300, 90]]);
    p.key(tool.stage, 'Enter');
    expect(tool.value).toEqual({ inputImageProperties: { width: 640, height: 480 }, polylines: [{ label: 'dog', vertices: [{ x: 10, y: 10 }, { x: 100, y: 50 }, { x: 200, y: 20 }, { x: 300, y: 90 }] }] });
  });

  it('read initial-value objects ({lines} / {polylines}) and report initialValueModified', () => {
    const p = open('crowd-line', `label-colors="['#ff0000', '#00ff00']" initial-value="{lines: [{label: 'cat', vertices: [{x: 1, y: 2}, {x: 30, y: 40}]}]}"`);
    const tool = readyTool(p, 'crowd-line');
    expect(tool.value).toEqual({ inputImageProperties: { width: 640, height: 480 }, lines: [{ label: 'cat', vertices: [{ x: 1, y: 2 }, { x: 30, y: 40 }] }], initialValueModified: false });
    expect(p.$('crowd-line polyline').getAttribute('stroke')).toBe('#00ff00');
    p.key(tool.stage, ']');
    p.key(tool.stage, 'ArrowDown');
    expect(tool.value.initialValueModified).toBe(true);
    const q = open('crowd-polyline', `initial-value='{"polylines":[{"label":"dog","vertices":[{"x":1,"y":2},{"x":3,"y":4},{"x":5,"y":6}]}]}'`);
    expect(readyTool(q, 'crowd-polyline').value.polylines).toHaveLength(1);
  });
});
