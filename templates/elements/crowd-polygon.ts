import type { Win } from './shared/dom.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { vertexToolBase, type VertexKind } from './shared/vertex-tool.ts';

const kind: VertexKind = { key: 'polygons', noun: 'polygon', closed: true, minVertices: 3, maxVertices: Infinity };

/**
 * crowd-polygon: a closed outline. Answer: `{ inputImageProperties, polygons: [{label, vertices: [{x,y}, …]}] }` in image pixels.
 * Drawing and keys are shared with the other vertex tools (shared/vertex-tool.ts).
 */
export const crowdPolygon: StandIn = {
  tag: 'crowd-polygon',
  create: (win: Win) =>
    class CrowdPolygon extends vertexToolBase(win) {
      override get kind(): VertexKind {
        return kind;
      }
    },
};
