import type { Win } from './shared/dom.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { vertexToolBase, type VertexKind } from './shared/vertex-tool.ts';

const kind: VertexKind = { key: 'polylines', noun: 'polyline', closed: false, minVertices: 2, maxVertices: Infinity };

/**
 * crowd-polyline: an open line through any number of points. Answer: `{ inputImageProperties, polylines: [{label, vertices: [{x,y}, …]}] }` in image pixels, plus `initialValueModified` when `initial-value` was given.
 * Drawing and keys are shared with the other vertex tools (shared/vertex-tool.ts).
 */
export const crowdPolyline: StandIn = {
  tag: 'crowd-polyline',
  create: (win: Win) =>
    class CrowdPolyline extends vertexToolBase(win) {
      override get kind(): VertexKind {
        return kind;
      }
    },
};
