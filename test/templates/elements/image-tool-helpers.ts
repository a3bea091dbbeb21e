import type { HappyPage } from './happy-page.ts';

/** An image tool as the tests drive it. */
export type Tool = HTMLElement & {
  value: Record<string, unknown>;
  setImageSize(width: number, height: number): void;
  stage: HTMLElement;
  selected: number;
};

/**
 * Gets a tool ready: the image "loads" at `natural` size and is shown at `shown` size with its
 * top-left corner at (left, top), as a browser would lay it out.
 */
export function readyTool(p: HappyPage, selector: string, natural = { width: 640, height: 480 }, shown = { left: 0, top: 0, width: natural.width, height: natural.height }): Tool {
  const tool = p.$<Tool>(selector);
  tool.stage.getBoundingClientRect = () => ({ ...shown, x: shown.left, y: shown.top, right: shown.left + shown.width, bottom: shown.top + shown.height, toJSON: () => shown }) as DOMRect;
  tool.setImageSize(natural.width, natural.height);
  return tool;
}

/** Drags on the stage from one screen point to another, through the element found at the start. */
export function drag(p: HappyPage, tool: Tool, from: [number, number], to: [number, number], startOn: Element = tool.stage): void {
  p.pointer(startOn, 'pointerdown', ...from);
  p.pointer(tool.stage, 'pointermove', (from[0] + to[0]) / 2, (from[1] + to[1]) / 2);
  p.pointer(tool.stage, 'pointermove', ...to);
  p.pointer(tool.stage, 'pointerup', ...to);
}

export function click(p: HappyPage, target: Element, x: number, y: number): void {
  p.pointer(target, 'pointerdown', x, y);
  p.pointer(target, 'pointerup', x, y);
}
