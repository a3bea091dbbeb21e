import type { FreeTextTaskInput as TextTaskInput } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { awkwardText } from './samples.ts';

export type FreeTextTaskInput = TextTaskInput;
/** crowd-text-area answers the text (newlines as `\n`). */
export interface FreeTextAnswer {
  transcription: string;
}

export const freeTextTemplate = defineCatalogTemplate<FreeTextTaskInput>(
  {
    type: 'free-text',
    title: 'Free text / transcription',
    element: 'crowd-text-area',
    answerField: 'transcription',
    insideCrowdForm: true,
    sampleTaskInputs: [
      { taskObject: 's3://gtkit-samples/receipts/r-01.png', prompt: 'Type the total as written on the receipt' },
      { taskObject: 's3://gtkit-samples/calls/call-02.mp3', prompt: 'Type what the caller says' },
      { taskObject: awkwardText, prompt: 'Rewrite this text in plain words' },
    ],
  },
  new URL('./free-text.liquid.html', import.meta.url),
);
