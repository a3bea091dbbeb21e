import type { Win } from './shared/dom.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { vertexToolBase, type VertexKind } from './shared/vertex-tool.ts';

const kind: VertexKind = { key: 'lines', noun: 'line', closed: false, minVertices: 2, maxVertices: 2 };

/**
 * crowd-line: a straight line between two clicks (or two presses of Space at the keyboard cursor). Answer: `{ inputImageProperties, lines: [{label, vertices: [{x,y},{x,y}]}] }` in image pixels, plus `initialValueModified` when `initial-value` was given.
 * Drawing and keys are shared with the other vertex tools (shared/vertex-tool.ts).
 */
export const crowdLine: StandIn = {
  tag: 'crowd-line',
  create: (win: Win) =>
    class CrowdLine extends vertexToolBase(win) {
      override get kind(): VertexKind {
        return kind;
      }
    },
};
