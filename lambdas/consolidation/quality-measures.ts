import type { AlgorithmName } from './registry.ts';

/**
 * What each algorithm's worker `quality` measures, in a few words, for a table of workers read
 * apart from the algorithm's documentation. A Record over every name: a new algorithm without
 * its sentence does not compile.
 */
export const workerQualityMeasures: Readonly<Record<AlgorithmName, string>> = {
  'majority-vote': 'share of the worker\'s answers equal to the chosen label',
  'weighted-vote': 'share of the worker\'s answers equal to the chosen label',
  wawa: 'share of the worker\'s answers equal to the chosen label',
  'dawid-skene': 'expected accuracy from the worker\'s confusion matrix (Σ class prior × diagonal)',
  'dawid-skene-pooled': 'expected accuracy from the worker\'s confusion matrix, pulled towards the crowd\'s (Σ class prior × diagonal)',
  'one-coin-dawid-skene': 'expected accuracy from the worker\'s one-coin matrix (Σ class prior × diagonal)',
  'multi-label-vote': 'mean Jaccard agreement of the worker\'s label sets with the chosen ones',
  'box-merge': 'F1 of the worker\'s boxes against the kept clusters × their mean IoU with the merged boxes',
  'keypoint-merge': 'share of the worker\'s points that land in kept clusters',
  'span-vote': 'share of the worker\'s spans in kept clusters',
  'polygon-best-agreement': 'mean agreement of the worker\'s shapes with the chosen ones',
  'polyline-best-agreement': 'mean agreement of the worker\'s lines with the chosen ones',
  'text-medoid': 'mean similarity of the worker\'s texts to the chosen ones',
  median: '1 / (1 + mean |answer − median| / the answers\' overall MAD)',
  'pixel-vote': 'mean over the worker\'s images of the mean IoU per label with the consolidated mask',
};

/**
 * Whether a batch's worker quality already holds the earlier batches, so that the latest one is
 * the whole run's estimate: Dawid–Skene's confusion matrices count the carried state. box-merge and
 * pixel-vote carry quality only to weight the workers' votes and measure each batch on its own;
 * like the stateless algorithms, their run's estimate is the mean over batches weighted by
 * answers (which is how their states merge, too). A Record over every name, so a new algorithm
 * has to say which.
 */
export const qualityHoldsEarlierBatches: Readonly<Record<AlgorithmName, boolean>> = {
  'majority-vote': false,
  'weighted-vote': false,
  wawa: false,
  'dawid-skene': true,
  'dawid-skene-pooled': true,
  'one-coin-dawid-skene': true,
  'multi-label-vote': false,
  'box-merge': false,
  'keypoint-merge': false,
  'span-vote': false,
  'polygon-best-agreement': false,
  'polyline-best-agreement': false,
  'text-medoid': false,
  median: false,
  'pixel-vote': false,
};
