import { polygonBestAgreement, type ShapeAnswer } from '../../consolidation/geometry/polygons.ts';
import { builtInConfidence } from '../../formats/metadata.ts';
import type { PolygonAnswer } from '../geometry.ts';
import { algorithmTable, type KindConsolidation } from './kind.ts';

/** Polygons: the shapes of the answer that agrees best with the others; they carry their label names. */
export const polygonAnswers: KindConsolidation<PolygonAnswer, ShapeAnswer> = {
  kind: 'polygon',
  algorithms: /* @__PURE__ */ algorithmTable([polygonBestAgreement]),
  indexedOutput: false,
  toRecordAnswer: (answer) => ({ shapes: answer.polygons }),
  labelsOf: () => [],
  format(item, { type, workers, sample }) {
    const shapes = (item.label as ShapeAnswer).shapes;
    return { label: { polygons: shapes, inputImageProperties: (sample as PolygonAnswer | undefined)?.inputImageProperties }, metadata: { confidence: builtInConfidence(item.confidence, workers), type: type.outputType } };
  },
};
