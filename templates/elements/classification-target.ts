import { regionStandIn } from './shared/region.ts';

/** classification-target: what a crowd-classifier asks about (text, HTML, video, audio); the classifier places it. */
export const classificationTarget = regionStandIn('classification-target');
