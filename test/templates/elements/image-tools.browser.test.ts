import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../../helpers/chromium.ts';
import { decodePng } from '../../helpers/png.ts';
import { centreOf, dragMouse, picture, screenshotDir, useElementsFixture } from './browser-fixture.ts';

const fixture = useElementsFixture();

interface Box {
  label: string;
  left: number;
  top: number;
  width: number;
  height: number;
}
const near = (actual: number, expected: number, slack = 2) => expect(Math.abs(actual - expected), `${actual} ≈ ${expected}`).toBeLessThanOrEqual(slack);
const form = (inner: string) => `<crowd-form>${inner}</crowd-form>`;

describe.skipIf(!hasChromium)('image stand-ins used by a person in Chromium', () => {
  it('bounding box: draw two boxes, select, move and resize one with the mouse, delete the other; answer in image pixels', async () => {
    const { page, errors, answers, stage } = await fixture.open(
      form(`<crowd-bounding-box name="annotatedResult" src="/img.png" header="Draw a tight box around every vehicle and person" labels="['vehicle', 'person', 'sign']">
        <short-instructions><p>Pick a label, then drag on the picture.</p><p>Arrows move the selected box, Shift+arrows resize it.</p></short-instructions>
        <full-instructions header="How to draw boxes"><ol><li>One box per object.</li></ol></full-instructions>
      </crowd-bounding-box>`),
    );
    const st = await stage('crowd-bounding-box');
    expect(st.scale).toBeLessThan(1); // shown smaller than its 800 px: coordinates must be scaled back
    await dragMouse(page, st.at(90, 110), st.at(370, 310));
    await page.click('crowd-bounding-box [data-label="person"]');
    await dragMouse(page, st.at(480, 260), st.at(630, 540));
    await page.click('crowd-bounding-box [data-label="sign"]');
    await dragMouse(page, st.at(680, 40), st.at(760, 100));
    await page.click('crowd-bounding-box .gtkit-shapes li:nth-child(3) [aria-label^="Delete"]');
    // Select the first box by its outline, move it 10 px right and down, then pull two corners in.
    await page.mouse.click(...st.at(90, 200));
    await dragMouse(page, st.at(200, 200), st.at(210, 210));
    await dragMouse(page, await centreOf(page, 'crowd-bounding-box rect[data-resize="se"]'), st.at(360, 300));
    await dragMouse(page, await centreOf(page, 'crowd-bounding-box rect[data-resize="nw"]'), st.at(100, 120));
    await page.mouse.move(...st.at(560, 120));
    await page.screenshot({ path: join(screenshotDir, 'bounding-box.png') });
    await page.click('crowd-form crowd-button button');
    const [answer] = (await answers()) as Array<{ annotatedResult: { boundingBoxes: Box[]; inputImageProperties: unknown } }>;
    const result = answer?.annotatedResult;
    expect(Object.keys(result ?? {})).toEqual(['boundingBoxes', 'inputImageProperties']);
    expect(result?.inputImageProperties).toEqual(picture);
    expect(result?.boundingBoxes.map((b) => Object.keys(b))).toEqual([['label', 'left', 'top', 'width', 'height'], ['label', 'left', 'top', 'width', 'height']]);
    const [vehicle, person] = result?.boundingBoxes ?? [];
    expect([vehicle?.label, person?.label]).toEqual(['vehicle', 'person']);
    near(vehicle?.left ?? 0, 100);
    near(vehicle?.top ?? 0, 120);
    near(vehicle?.width ?? 0, 260);
    near(vehicle?.height ?? 0, 180);
    near(person?.left ?? 0, 480);
    near(person?.height ?? 0, 280);
    for (const b of result?.boundingBoxes ?? []) for (const v of [b.left, b.top, b.width, b.height]) expect(Number.isInteger(v)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('bounding box with the keyboard only: Tab to the picture, N, arrows, Shift+arrows, a label key, Delete', async () => {
    const { page, answers } = await fixture.open(form(`<crowd-bounding-box name="b" src="/img.png" header="Boxes" labels="['car', 'bike']"></crowd-bounding-box>`));
    await page.waitForFunction(() => (document.querySelector('crowd-bounding-box img') as HTMLImageElement).naturalWidth > 0);
    for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.classList.contains('gtkit-stage'))); i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('gtkit-stage'))).toBe(true);
    await page.keyboard.press('n');
    await page.keyboard.press('Alt+ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Escape');
    await page.keyboard.press('2');
    await page.keyboard.press('n');
    await page.keyboard.press('Delete');
    await page.keyboard.press('n');
    expect(await page.textContent('crowd-bounding-box [aria-live]')).toBe('Added box 2: bike.');
    await page.click('crowd-button button');
    const [answer] = (await answers()) as Array<{ b: { boundingBoxes: Box[] } }>;
    expect(answer?.b.boundingBoxes).toEqual([
      { label: 'car', left: 330, top: 241, width: 162, height: 120 },
      { label: 'bike', left: 320, top: 240, width: 160, height: 120 },
    ]);
    await page.close();
  });

  it('keypoints: click to place, drag to move, keyboard cursor and Space', async () => {
    const { page, answers, stage } = await fixture.open(form(`<crowd-keypoint name="kp" src="/img.png" header="Mark the corners" labels="['corner', 'centre']"></crowd-keypoint>`));
    const st = await stage('crowd-keypoint');
    await page.mouse.click(...st.at(100, 120));
    await page.mouse.click(...st.at(360, 300));
    await dragMouse(page, st.at(360, 300), st.at(360, 120));
    // Dragging selected the point; Escape lets it go, so the label key is for the next point.
    await page.keyboard.press('Escape');
    await page.keyboard.press('2');
    await page.keyboard.press('Alt+ArrowLeft');
    await page.keyboard.press('Space');
    await page.click('crowd-button button');
    const [answer] = (await answers()) as Array<{ kp: { inputImageProperties: unknown; keypoints: Array<{ label: string; x: number; y: number }> } }>;
    expect(answer?.kp.inputImageProperties).toEqual(picture);
    expect(answer?.kp.keypoints.map((k) => k.label)).toEqual(['corner', 'corner', 'centre']);
    near(answer?.kp.keypoints[1]?.x ?? 0, 360);
    near(answer?.kp.keypoints[1]?.y ?? 0, 120);
    expect(answer?.kp.keypoints[2]).toEqual({ label: 'centre', x: 390, y: 300 });
    await page.close();
  });

  it('polygon: click around an object, close on the first point, adjust a vertex; a second one closes with Enter', async () => {
    const { page, errors, answers, stage } = await fixture.open(
      form(`<crowd-polygon name="outlines" src="/img.png" header="Outline every object" labels="['vehicle', 'person']">
        <short-instructions><p>Click around the outline and close the shape on its first point.</p></short-instructions>
      </crowd-polygon>`),
    );
    const st = await stage('crowd-polygon');
    for (const [x, y] of [[100, 120], [360, 120], [360, 300], [120, 300]] as const) await page.mouse.click(...st.at(x, y));
    await page.mouse.click(...(await centreOf(page, 'crowd-polygon circle[data-first]')));
    await dragMouse(page, await centreOf(page, 'crowd-polygon circle[data-vertex="3"]'), st.at(100, 300));
    await page.click('crowd-polygon [data-label="person"]');
    await page.keyboard.press('Escape');
    for (const [x, y] of [[480, 260], [630, 260], [630, 540], [480, 540], [470, 400]] as const) await page.mouse.click(...st.at(x, y));
    await page.keyboard.press('Enter');
    await page.mouse.move(...st.at(700, 560));
    await page.screenshot({ path: join(screenshotDir, 'polygon.png') });
    await page.click('crowd-button button');
    const [answer] = (await answers()) as Array<{ outlines: { inputImageProperties: unknown; polygons: Array<{ label: string; vertices: Array<{ x: number; y: number }> }> } }>;
    expect(Object.keys(answer?.outlines ?? {})).toEqual(['inputImageProperties', 'polygons']);
    const [vehicle, person] = answer?.outlines.polygons ?? [];
    expect([vehicle?.label, vehicle?.vertices.length, person?.label, person?.vertices.length]).toEqual(['vehicle', 4, 'person', 5]);
    near(vehicle?.vertices[3]?.x ?? 0, 100);
    near(vehicle?.vertices[2]?.x ?? 0, 360);
    near(person?.vertices[4]?.y ?? 0, 400);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('line and polyline: a line ends after two clicks, a polyline on a double-click', async () => {
    const { page, answers, stage } = await fixture.open(form(`<crowd-line name="l" src="/img.png" header="Horizon" labels="['horizon']"></crowd-line><crowd-polyline name="p" src="/img.png" header="Road edge" labels="['edge']"></crowd-polyline>`), { viewport: { width: 1000, height: 1600 } });
    const line = await stage('crowd-line');
    await page.mouse.click(...line.at(20, 300));
    await page.mouse.click(...line.at(780, 280));
    const poly = await stage('crowd-polyline');
    await page.mouse.click(...poly.at(50, 550));
    await page.mouse.click(...poly.at(300, 400));
    await page.mouse.dblclick(...poly.at(500, 380));
    await page.click('crowd-button button');
    const [answer] = (await answers()) as Array<{ l: { lines: Array<{ vertices: Array<{ x: number; y: number }> }> }; p: { polylines: Array<{ label: string; vertices: unknown[] }> } }>;
    expect(answer?.l.lines).toHaveLength(1);
    near(answer?.l.lines[0]?.vertices[1]?.x ?? 0, 780);
    expect(answer?.p.polylines.map((p) => [p.label, p.vertices.length])).toEqual([['edge', 3]]);
    await page.close();
  });

  it('semantic segmentation: paint two labels with the brush, erase a part; the PNG mask has exactly those pixels', async () => {
    const { page, answers, stage } = await fixture.open(form(`<crowd-semantic-segmentation name="seg" src="/img.png" header="Paint the road and the sky" labels="['road', 'sky']"></crowd-semantic-segmentation>`));
    const st = await stage('crowd-semantic-segmentation');
    await dragMouse(page, st.at(100, 500), st.at(700, 500));
    await page.keyboard.press('2');
    await dragMouse(page, st.at(100, 60), st.at(700, 60));
    await page.keyboard.press('e');
    await dragMouse(page, st.at(400, 20), st.at(400, 100));
    await page.click('crowd-button button');
    const [answer] = (await answers()) as Array<{ seg: { inputImageProperties: unknown; labelMappings: Record<string, { color: string }>; labeledImage: { pngImageData: string } } }>;
    expect(Object.keys(answer?.seg ?? {})).toEqual(['inputImageProperties', 'labelMappings', 'labeledImage']);
    expect(answer?.seg.labelMappings).toEqual({ road: { color: '#1f77b4' }, sky: { color: '#ff7f0e' } });
    const png = decodePng(new Uint8Array(Buffer.from(answer?.seg.labeledImage.pngImageData ?? '', 'base64')));
    expect([png.width, png.height]).toEqual([picture.width, picture.height]);
    const at = (x: number, y: number) => Array.from(png.rgba.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4));
    expect(at(300, 500)).toEqual([0x1f, 0x77, 0xb4, 255]);
    expect(at(200, 60)).toEqual([0xff, 0x7f, 0x0e, 255]);
    expect(at(400, 60)).toEqual([0, 0, 0, 0]); // erased
    expect(at(300, 300)).toEqual([0, 0, 0, 0]);
    const colours = new Set<string>();
    for (let i = 0; i < png.rgba.length; i += 4) colours.add(png.rgba.subarray(i, i + 4).join(','));
    expect([...colours].sort()).toEqual(['0,0,0,0', '255,127,14,255', '31,119,180,255']);
    await page.close();
  });

  it('instance segmentation: each object gets its own colour; the same label repeats', async () => {
    const { page, answers, stage } = await fixture.open(form(`<crowd-instance-segmentation name="cars" src="/img.png" header="Paint each car" labels="['car']"></crowd-instance-segmentation>`));
    const st = await stage('crowd-instance-segmentation');
    await dragMouse(page, st.at(150, 200), st.at(300, 220));
    await page.click('crowd-instance-segmentation button:has-text("New instance")');
    await dragMouse(page, st.at(500, 300), st.at(600, 450));
    await page.click('crowd-button button');
    const [answer] = (await answers()) as Array<{ cars: { instances: Array<{ color: string; label: string }>; labeledImage: { pngImageData: string } } }>;
    expect(answer?.cars.instances).toEqual([{ color: '#1f77b4', label: 'car' }, { color: '#ff7f0e', label: 'car' }]);
    const png = decodePng(new Uint8Array(Buffer.from(answer?.cars.labeledImage.pngImageData ?? '', 'base64')));
    const at = (x: number, y: number) => Array.from(png.rgba.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3));
    expect(at(200, 205)).toEqual([0x1f, 0x77, 0xb4]);
    expect(at(550, 375)).toEqual([0xff, 0x7f, 0x0e]);
    await page.close();
  });
});
