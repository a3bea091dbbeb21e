import { TemplateError } from '../../../templates/engine/index.ts';

/** The TemplateError a call throws (any other error, or none, fails the test). */
export function caught(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

/** The TemplateError a promise rejects with (any other error, or none, fails the test). */
export async function rejected(p: Promise<unknown>): Promise<TemplateError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}
