import { afterEach, describe, expect, it } from 'vitest';
import { happyPage, type HappyPage } from './happy-page.ts';
import { click, drag, readyTool } from './image-tool-helpers.ts';

let page: HappyPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});
const open = (attrs = '') => (page = happyPage(`<crowd-form><crowd-keypoint name="k" src="/x.png" header="Mark the joints" labels="['nose', 'eye']" ${attrs}></crowd-keypoint></crowd-form>`));

describe('crowd-keypoint', () => {
  it('places labelled points with clicks, in image pixels, and answers the documented shape', () => {
    const p = open();
    const tool = readyTool(p, 'crowd-keypoint', { width: 962, height: 1314 }, { left: 0, top: 0, width: 481, height: 657 });
    click(p, tool.stage, 77.5, 137.5);
    p.$<HTMLButtonElement>('crowd-keypoint [data-label="eye"]').click();
    click(p, tool.stage, 100, 120);
    expect(tool.value).toEqual({ inputImageProperties: { width: 962, height: 1314 }, keypoints: [{ label: 'nose', x: 155, y: 275 }, { label: 'eye', x: 200, y: 240 }] });
    expect(Object.keys(tool.value)).toEqual(['inputImageProperties', 'keypoints']);
  });

  it('drags a point to move it, nudges it with arrows, deletes it with Delete', () => {
    const p = open();
    const tool = readyTool(p, 'crowd-keypoint', { width: 200, height: 100 });
    click(p, tool.stage, 50, 50);
    click(p, tool.stage, 150, 50);
    drag(p, tool, [50, 50], [60, 70], p.$('crowd-keypoint circle[data-index="0"]'));
    p.key(tool.stage, 'ArrowUp', { altKey: true });
    p.key(tool.stage, 'ArrowRight');
    expect((tool.value.keypoints as unknown[])[0]).toEqual({ label: 'nose', x: 61, y: 60 });
    p.key(tool.stage, 'Delete');
    expect(tool.value.keypoints).toEqual([{ label: 'nose', x: 150, y: 50 }]);
  });

  it('keyboard only: arrows move the cursor, Space places a point there and keeps the cursor', () => {
    const p = open();
    const tool = readyTool(p, 'crowd-keypoint', { width: 100, height: 100 });
    p.key(tool.stage, 'ArrowLeft', { altKey: true });
    p.key(tool.stage, ' ');
    p.key(tool.stage, '2');
    p.key(tool.stage, 'ArrowDown', { altKey: true });
    p.key(tool.stage, ' ');
    expect(tool.value.keypoints).toEqual([{ label: 'nose', x: 40, y: 50 }, { label: 'eye', x: 40, y: 60 }]);
    expect(p.$('crowd-keypoint [aria-live]').textContent).toBe('Placed point 2: eye at 40, 60.');
  });

  it('reads initial-value and reports labels that are not in labels', () => {
    const p = open(`initial-value="[{label: 'nose', x: 5, y: 6}, {label: 'tail', x: 1, y: 1}, {x: 'a'}]"`);
    const tool = readyTool(p, 'crowd-keypoint');
    expect(tool.value.keypoints).toEqual([{ label: 'nose', x: 5, y: 6 }, { label: 'tail', x: 1, y: 1 }]);
    expect(tool.value).not.toHaveProperty('initialValueModified');
    const problems = p.$('crowd-keypoint .gtkit-problems').textContent ?? '';
    expect(problems).toContain('initial-value[1].label: "tail" is not one of the labels.');
    expect(problems).toContain('initial-value[2]: expected {label, x, y} with numbers.');
  });
});
