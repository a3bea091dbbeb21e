import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnswerRecord } from '../lambdas/consolidation/types.ts';

/** The shared benchmark data, read in place (never copied into the project). */
export const datasetsRoot = process.env.GTKIT_DATASETS ?? fileURLToPath(new URL('../../shared/datasets/', import.meta.url));

export interface ClassDataset {
  name: string;
  folder: string;
  records: Array<AnswerRecord<string>>;
  truth: Map<string, string>;
  /** The class whose F1 is reported (D_Product's rare positive class). */
  positiveClass?: string;
}

function csv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split(/\r\n|\r|\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const comma = l.lastIndexOf(',');
      const first = l.indexOf(',');
      // question,worker,answer — the question itself may contain commas (URLs).
      return first === comma ? [l.slice(0, first), l.slice(first + 1)] : [l.slice(0, l.lastIndexOf(',', comma - 1)), l.slice(l.lastIndexOf(',', comma - 1) + 1, comma), l.slice(comma + 1)];
    });
}

export const classDatasets: Array<{ name: string; folder: string; positiveClass?: string }> = [
  { name: 'D_Product', folder: 'zheng2017-truth-inference/d_jn_product', positiveClass: '1' },
  { name: 'D_PosSent', folder: 'zheng2017-truth-inference/d_sentiment' },
  { name: 'S_Rel', folder: 'zheng2017-truth-inference/s4_relevance' },
  { name: 'S_Adult', folder: 'zheng2017-truth-inference/s5_adult_content' },
  { name: 'Bluebirds', folder: 'zheng2017-truth-inference/d_duck_identification' },
  { name: 'Dog', folder: 'zheng2017-truth-inference/s4_dog' },
  { name: 'Face', folder: 'zheng2017-truth-inference/s4_face_sentiment' },
];

export function loadClassDataset(d: { name: string; folder: string; positiveClass?: string }): ClassDataset {
  const dir = join(datasetsRoot, d.folder);
  const records = csv(join(dir, 'answer.csv')).map(([item, worker, answer]) => ({ item: item ?? '', worker: worker ?? '', answer: (answer ?? '').trim() }));
  const truth = new Map(csv(join(dir, 'truth.csv')).map(([item, label]) => [item ?? '', (label ?? '').trim()]));
  return { ...d, records, truth };
}

export interface NumberDataset {
  name: string;
  records: Array<AnswerRecord<number>>;
  truth: Map<string, number>;
}

/** N_Emotion (Zheng et al. 2017): 700 texts × 10 scores in −100…100 each, with gold scores. */
export function loadNumberDataset(): NumberDataset {
  const dir = join(datasetsRoot, 'zheng2017-truth-inference/f201_emotion_full');
  const records = csv(join(dir, 'answer.csv')).map(([item, worker, answer]) => ({ item: item ?? '', worker: worker ?? '', answer: Number(answer) }));
  const truth = new Map(csv(join(dir, 'truth.csv')).map(([item, value]) => [item ?? '', Number(value)]));
  return { name: 'N_Emotion', records, truth };
}
