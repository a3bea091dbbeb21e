import type { TaskConfig } from '../config/define-task.ts';

/** The label-category configuration file (`LabelCategoryConfigS3Uri`), reference §7.4. */
export interface LabelCategoryConfig {
  'document-version': '2018-11-28';
  labels: Array<{ label: string; shortDisplayName?: string }>;
  instructions?: { shortInstruction: string; fullInstruction: string };
}

/**
 * Builds the label-category file for a task. Named-entity jobs also carry instructions and
 * each label's short display name (the built-in NER UI requires them).
 */
export function buildLabelCategoryConfig(config: Pick<TaskConfig, 'type' | 'labels' | 'task'>): LabelCategoryConfig {
  const labels = config.labels.map((l) => (typeof l === 'string' ? { label: l } : { label: l.label, ...(l.shortDisplayName ? { shortDisplayName: l.shortDisplayName } : {}) }));
  const out: LabelCategoryConfig = { 'document-version': '2018-11-28', labels };
  if (config.type === 'named-entity') {
    out.instructions = { shortInstruction: `<p>${escapeHtml(config.task.title)}</p>`, fullInstruction: `<p>${escapeHtml(config.task.description)}</p>` };
  }
  return out;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Label counts each task type allows (DG-QUOTAS); `min` 2 for classification, 1 otherwise. */
export function labelCountLimits(type: TaskConfig['type']): { min: number; max: number } {
  switch (type) {
    case 'image-classification':
    case 'text-classification':
      return { min: 2, max: Number.POSITIVE_INFINITY };
    case 'image-classification-multilabel':
    case 'text-classification-multilabel':
      return { min: 2, max: 50 };
    case 'bounding-box':
      return { min: 1, max: 50 };
    case 'video-classification':
      return { min: 2, max: 30 };
    case 'free-text':
      return { min: 0, max: Number.POSITIVE_INFINITY };
    default:
      return { min: 1, max: Number.POSITIVE_INFINITY };
  }
}
