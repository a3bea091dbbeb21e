import type { Win } from './dom.ts';
import { standInBase, type StandIn } from './lifecycle.ts';

/** The elements that lay out their own instruction regions (in their side panel). */
export const regionHosts = [
  'crowd-bounding-box',
  'crowd-keypoint',
  'crowd-polygon',
  'crowd-line',
  'crowd-polyline',
  'crowd-semantic-segmentation',
  'crowd-instance-segmentation',
  'crowd-classifier',
  'crowd-classifier-multi-select',
  'crowd-image-classifier',
  'crowd-image-classifier-multi-select',
  'crowd-entity-annotation',
].join(',');

/** The crowd element whose region this is, if any. */
export function regionHost(el: Element): Element | null {
  return el.parentElement?.closest(regionHosts) ?? null;
}

/**
 * A region or layout element: it answers nothing; `decorate` (optional) lays it out once its
 * children exist. Regions must be defined so that `:defined` and `all-crowd-elements-ready` hold.
 */
export function regionStandIn(tag: string, decorate?: (el: HTMLElement, win: Win) => void): StandIn {
  return {
    tag,
    create: (win: Win) =>
      class Region extends standInBase(win) {
        override build(): void {
          decorate?.(this, win);
        }
      },
  };
}
