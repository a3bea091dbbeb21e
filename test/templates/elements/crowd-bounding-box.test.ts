import { afterEach, describe, expect, it } from 'vitest';
import { boxBetween, resizeBox } from '../../../templates/elements/crowd-bounding-box.ts';
import { happyPage, type HappyPage } from './happy-page.ts';
import { click, drag, readyTool, type Tool } from './image-tool-helpers.ts';

let page: HappyPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});
const open = (attrs = `labels="['car', 'person']"`, inner = '') => (page = happyPage(`<crowd-form><crowd-bounding-box name="b" src="/x.png" header="Boxes" ${attrs}>${inner}</crowd-bounding-box></crowd-form>`));
const boxes = (tool: Tool) => (tool.value as { boundingBoxes: Array<{ label: string; left: number; top: number; width: number; height: number }> }).boundingBoxes;

describe('crowd-bounding-box', () => {
  it('draws a box with the mouse and answers in image pixels whatever the display size', () => {
    const p = open();
    // 640 × 480 image shown at half size, 10 px from the left and 20 from the top.
    const tool = readyTool(p, 'crowd-bounding-box', { width: 640, height: 480 }, { left: 10, top: 20, width: 320, height: 240 });
    drag(p, tool, [30, 50], [130, 110]);
    expect(tool.value).toEqual({ boundingBoxes: [{ label: 'car', left: 40, top: 60, width: 200, height: 120 }], inputImageProperties: { width: 640, height: 480 } });
    expect(Object.keys(tool.value)).toEqual(['boundingBoxes', 'inputImageProperties']);
    expect(Object.keys(boxes(tool)[0] ?? {})).toEqual(['label', 'left', 'top', 'width', 'height']);
    expect(p.$('crowd-bounding-box .gtkit-shapes').textContent).toContain('1. car: 40, 60 · 200×120');
  });

  it('blocks the submit while the image has not loaded: the answer would say 0×0', () => {
    const p = open();
    const form = p.$<HTMLElement & { requestSubmit(): Record<string, unknown> | null }>('crowd-form');
    expect(form.requestSubmit()).toBeNull();
    expect(p.answers).toEqual([]);
    expect(p.$('crowd-bounding-box').textContent).toContain('The image has not loaded, so there is nothing to submit yet');
    readyTool(p, 'crowd-bounding-box');
    expect(form.requestSubmit()).not.toBeNull();
    expect(p.answers).toEqual([{ b: { boundingBoxes: [], inputImageProperties: { width: 640, height: 480 } } }]);
  });

  it('draws from any corner, keeps boxes inside the image, and ignores clicks that draw nothing', () => {
    const p = open();
    const tool = readyTool(p, 'crowd-bounding-box');
    drag(p, tool, [600, 400], [700, 900]);
    expect(boxes(tool)).toEqual([{ label: 'car', left: 600, top: 400, width: 40, height: 80 }]);
    click(p, tool.stage, 100, 100);
    expect(boxes(tool)).toHaveLength(1);
    expect(tool.selected).toBe(-1);
  });

  it('selects a box by its outline, moves it by its body and resizes it by any handle', () => {
    const p = open();
    const tool = readyTool(p, 'crowd-bounding-box');
    drag(p, tool, [100, 100], [200, 150]);
    click(p, tool.stage, 400, 400); // deselect
    const outline = p.$('crowd-bounding-box rect[data-index="0"][pointer-events="stroke"]');
    click(p, outline, 100, 120);
    expect(tool.selected).toBe(0);
    expect(p.doc.querySelectorAll('crowd-bounding-box rect[data-resize]')).toHaveLength(8);
    expect(p.doc.querySelectorAll('crowd-bounding-box rect[data-handle]')).toHaveLength(1);
    drag(p, tool, [150, 125], [170, 135], p.$('crowd-bounding-box rect[data-index="0"][pointer-events="all"]'));
    expect(boxes(tool)[0]).toEqual({ label: 'car', left: 120, top: 110, width: 100, height: 50 });
    drag(p, tool, [220, 160], [260, 200], p.$('crowd-bounding-box rect[data-resize="se"]'));
    expect(boxes(tool)[0]).toEqual({ label: 'car', left: 120, top: 110, width: 140, height: 90 });
    drag(p, tool, [120, 110], [100, 100], p.$('crowd-bounding-box rect[data-resize="nw"]'));
    expect(boxes(tool)[0]).toEqual({ label: 'car', left: 100, top: 100, width: 160, height: 100 });
    drag(p, tool, [180, 100], [180, 90], p.$('crowd-bounding-box rect[data-resize="n"]'));
    drag(p, tool, [260, 140], [300, 140], p.$('crowd-bounding-box rect[data-resize="e"]'));
    expect(boxes(tool)[0]).toEqual({ label: 'car', left: 100, top: 90, width: 200, height: 110 });
  });

  it('moving stops at the image edge', () => {
    const p = open();
    const tool = readyTool(p, 'crowd-bounding-box');
    drag(p, tool, [10, 10], [110, 60]);
    drag(p, tool, [50, 30], [-500, -500], p.$('crowd-bounding-box rect[pointer-events="all"]'));
    expect(boxes(tool)[0]).toMatchObject({ left: 0, top: 0, width: 100, height: 50 });
    drag(p, tool, [50, 30], [5000, 5000], p.$('crowd-bounding-box rect[pointer-events="all"]'));
    expect(boxes(tool)[0]).toMatchObject({ left: 540, top: 430 });
  });

  it('label picker: the next box takes the picked label; a box a person selected changes label', () => {
    const p = open();
    const tool = readyTool(p, 'crowd-bounding-box');
    drag(p, tool, [10, 10], [60, 60]);
    p.$<HTMLButtonElement>('crowd-bounding-box [data-label="person"]').click();
    drag(p, tool, [100, 100], [160, 160]);
    expect(boxes(tool).map((b) => b.label)).toEqual(['car', 'person']);
    p.$<HTMLButtonElement>('crowd-bounding-box .gtkit-shapes li:first-child .gtkit-select').click();
    expect(tool.selected).toBe(0);
    expect(p.$('crowd-bounding-box [data-label="car"]').getAttribute('aria-checked')).toBe('true');
    p.key(tool.stage, '2');
    expect(boxes(tool).map((b) => b.label)).toEqual(['person', 'person']);
    expect(p.$('crowd-bounding-box [aria-live]').textContent).toBe('box 1 is now person.');
  });

  it('keyboard: N adds, arrows move, Alt moves 10, Shift resizes, [ ] select, Delete removes, Escape deselects', () => {
    const p = open();
    const tool = readyTool(p, 'crowd-bounding-box', { width: 400, height: 300 });
    p.key(tool.stage, 'n');
    expect(boxes(tool)).toEqual([{ label: 'car', left: 160, top: 120, width: 80, height: 60 }]);
    p.key(tool.stage, 'ArrowRight');
    p.key(tool.stage, 'ArrowDown', { altKey: true });
    p.key(tool.stage, 'ArrowRight', { shiftKey: true });
    p.key(tool.stage, 'ArrowUp', { shiftKey: true });
    expect(boxes(tool)[0]).toEqual({ label: 'car', left: 161, top: 130, width: 81, height: 59 });
    p.key(tool.stage, '2');
    p.key(tool.stage, 'Escape');
    expect(tool.selected).toBe(-1);
    p.key(tool.stage, 'n');
    expect(boxes(tool).map((b) => b.label)).toEqual(['car', 'person']);
    p.key(tool.stage, ']');
    expect(tool.selected).toBe(0);
    p.key(tool.stage, 'Delete');
    expect(boxes(tool).map((b) => b.label)).toEqual(['person']);
    expect(p.$('crowd-bounding-box [aria-live]').textContent).toBe('Deleted box 1 (car).');
  });

  it('keyboard: arrows move a cursor and Space twice draws from corner to corner', () => {
    const p = open();
    const tool = readyTool(p, 'crowd-bounding-box', { width: 100, height: 100 });
    p.key(tool.stage, 'ArrowLeft', { altKey: true }); // cursor starts in the middle: 50,50 → 40,50
    p.key(tool.stage, ' ');
    for (let i = 0; i < 3; i++) p.key(tool.stage, 'ArrowRight', { altKey: true });
    p.key(tool.stage, 'ArrowDown', { altKey: true });
    expect(p.doc.querySelectorAll('crowd-bounding-box line[data-cursor]').length).toBeGreaterThan(0);
    p.key(tool.stage, ' ');
    expect(boxes(tool)).toEqual([{ label: 'car', left: 40, top: 50, width: 30, height: 10 }]);
  });

  it('initial-value: loads boxes and reports initialValueModified (false until the answer differs)', () => {
    const p = open(`labels="['car', 'person']" initial-value="[{label: 'car', left: 10, top: 20, width: 30, height: 40}]"`);
    const tool = readyTool(p, 'crowd-bounding-box');
    expect(tool.value).toEqual({ boundingBoxes: [{ label: 'car', left: 10, top: 20, width: 30, height: 40 }], inputImageProperties: { width: 640, height: 480 }, initialValueModified: false });
    p.key(tool.stage, ']');
    p.key(tool.stage, 'ArrowRight');
    expect(tool.value.initialValueModified).toBe(true);
    p.key(tool.stage, 'ArrowLeft');
    expect(tool.value.initialValueModified).toBe(false);
  });

  it('reports malformed initial values, unknown labels and more than 10 labels, and keeps working', () => {
    const labels = JSON.stringify(Array.from({ length: 11 }, (_, i) => `l${i}`));
    const p = open(`labels='${labels}' initial-value='[{"label":"zebra","left":1,"top":2,"width":3,"height":4},{"label":"l0","left":"x"},7]'`);
    const tool = readyTool(p, 'crowd-bounding-box');
    const problems = p.$('crowd-bounding-box .gtkit-problems').textContent ?? '';
    expect(problems).toContain('labels: 11 given, the element accepts up to 10.');
    expect(problems).toContain('initial-value[0].label: "zebra" is not one of the labels.');
    expect(problems).toContain('initial-value[1]: expected {label, left, top, width, height} with numbers.');
    expect(problems).toContain('initial-value[2]: expected');
    expect(boxes(tool)).toEqual([{ label: 'zebra', left: 1, top: 2, width: 3, height: 4 }]);
    expect(p.doc.querySelectorAll('crowd-bounding-box [data-label]')).toHaveLength(11);
  });

  it('lays out instructions beside the picture and describes the keys to screen readers', () => {
    const p = open(undefined, '<short-instructions><p>Draw tight boxes.</p></short-instructions><full-instructions header="All the rules"><ol><li>One</li></ol></full-instructions>');
    const stage = p.$('crowd-bounding-box .gtkit-stage');
    expect(stage.getAttribute('role')).toBe('application');
    expect(stage.tabIndex).toBe(0);
    expect(p.doc.getElementById(stage.getAttribute('aria-describedby') ?? '')?.textContent).toContain('Shift+Arrows');
    expect(p.doc.getElementById(stage.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Boxes');
    expect(p.$('crowd-bounding-box aside short-instructions').textContent).toBe('Draw tight boxes.');
    const opener = p.$<HTMLButtonElement>('crowd-bounding-box aside button[aria-haspopup="dialog"]');
    expect(opener.textContent).toBe('View full instructions');
    opener.click();
    const dialog = p.$<HTMLDialogElement>('crowd-bounding-box dialog');
    expect(dialog.open).toBe(true);
    expect(dialog.querySelector('h2')?.textContent).toBe('All the rules');
    expect(dialog.querySelector('full-instructions li')?.textContent).toBe('One');
  });

  it('resets to the initial value with the form', async () => {
    const p = open(`labels="['car']" initial-value='[{"label":"car","left":1,"top":1,"width":5,"height":5}]'`);
    const tool = readyTool(p, 'crowd-bounding-box');
    p.key(tool.stage, 'n');
    p.$<HTMLFormElement>('crowd-form > form').reset();
    await Promise.resolve();
    expect(boxes(tool)).toEqual([{ label: 'car', left: 1, top: 1, width: 5, height: 5 }]);
  });
});

describe('box geometry', () => {
  it('spans two corners in any order and flips a handle dragged past the opposite edge', () => {
    expect(boxBetween('a', { x: 10, y: 20 }, { x: 0, y: 5 })).toEqual({ label: 'a', left: 0, top: 5, width: 10, height: 15 });
    const box = { label: 'a', left: 10, top: 10, width: 20, height: 20 };
    expect(resizeBox(box, 'e', { x: 0, y: 999 })).toEqual({ label: 'a', left: 0, top: 10, width: 10, height: 20 });
    expect(resizeBox(box, 'sw', { x: 15, y: 40 })).toEqual({ label: 'a', left: 15, top: 10, width: 15, height: 30 });
    expect(resizeBox(box, 'n', { x: 999, y: 30 })).toEqual({ label: 'a', left: 10, top: 30, width: 20, height: 0 });
  });
});

describe('attributes changed by a script after layout', () => {
  it('a new src loads into the same tool; a new header shows', () => {
    const p = (page = happyPage(`<crowd-form><crowd-bounding-box name="b" src="/one.png" header="First" labels="['a']"></crowd-bounding-box></crowd-form>`));
    const tool = p.$<HTMLElement>('crowd-bounding-box');
    tool.setAttribute('src', '/two.png');
    tool.setAttribute('header', 'Second');
    expect(p.$<HTMLImageElement>('crowd-bounding-box .gtkit-stage img').getAttribute('src')).toBe('/two.png');
    expect(p.$('crowd-bounding-box .gtkit-header').textContent).toBe('Second');
  });
});
