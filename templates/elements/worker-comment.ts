import { regionStandIn } from './shared/region.ts';

/**
 * worker-comment (`header`, `link-text`, `placeholder`) inside an image classifier: the
 * classifier turns it into an optional comment field (answered as `workerComment`).
 */
export const workerComment = regionStandIn('worker-comment');
