import { describe, expect, it } from 'vitest';
import { suggestName } from '../../lambdas/contracts/suggest.ts';
import { taskTypeNames } from '../../lambdas/task-types/names.ts';
import { parseTaskTypeFlag } from '../../scaffold/cli/task-type-flag.ts';
import { validateTaskConfig } from '../../scaffold/config/validate-config.ts';
import { validConfig } from './job/fixtures.ts';

/** What `--type <slip>` suggests, or undefined. */
function flagSuggests(slip: string): string | undefined {
  try {
    parseTaskTypeFlag(slip);
  } catch (error) {
    return /\(did you mean ([^?]+)\?\)$/.exec((error as Error).message)?.[1];
  }
  throw new Error(`${slip} was taken as a task type`);
}

/** What a config with `type: <slip>` suggests, or undefined. */
function configSuggests(slip: string): string | undefined {
  try {
    validateTaskConfig({ ...validConfig(), type: slip }, 'gtkit.config.ts');
  } catch (error) {
    return /type: expected one of [^\n]*; did you mean "([^"]+)"\?/.exec((error as Error).message)?.[1];
  }
  throw new Error(`${slip} was taken as a task type`);
}

describe('one did-you-mean rule for a task type', () => {
  it('the --type flag and the config suggest the same name for the same slip', () => {
    const slips = ['classification', 'text', 'Bounding Box', 'bounding_box', 'keypoints', 'IMAGE-CLASSIFICATION ', 'polygons', 'named entity', 'freetext', 'video', 'bbox', 'ner', 'xy'];
    for (const slip of slips) expect(configSuggests(slip), slip).toBe(flagSuggests(slip));
    // And they do suggest something where a person would.
    expect(flagSuggests('classification')).toBe('image-classification');
    expect(flagSuggests('text')).toBe('text-classification');
    expect(flagSuggests('named entity')).toBe('named-entity');
    expect(flagSuggests('bbox')).toBeUndefined();
  });

  it('suggestName: case and separators first, then a near miss, then a name holding the value; nothing for a short or far one', () => {
    expect(suggestName('Bounding Box', taskTypeNames)).toBe('bounding-box');
    expect(suggestName(' free_text ', taskTypeNames)).toBe('free-text');
    expect(suggestName('keypoitn', taskTypeNames)).toBe('keypoint');
    expect(suggestName('video', taskTypeNames)).toBe('video-classification');
    expect(suggestName('image-classifcation', taskTypeNames)).toBe('image-classification');
    // Nearer to semantic-segmentation than to image-classification.
    expect(suggestName('image-segmentation', taskTypeNames)).toBe('semantic-segmentation');
    expect(suggestName('segmentation', taskTypeNames)).toBe('semantic-segmentation');
    expect(suggestName('ab', taskTypeNames)).toBeUndefined();
    expect(suggestName('', taskTypeNames)).toBeUndefined();
    expect(suggestName('Private', ['private', 'vendor', 'public'])).toBe('private');
  });
});
