import { TemplateError } from '../../../templates/engine/index.ts';
import { caught as caughtError, rejected as rejectedWith } from '../../helpers/errors.ts';

/** The TemplateError a call throws (any other error, or none, fails the test). */
export const caught = (fn: () => unknown): TemplateError => caughtError(fn, TemplateError);

/** The TemplateError a promise rejects with (any other error, or none, fails the test). */
export const rejected = (p: Promise<unknown>): Promise<TemplateError> => rejectedWith(p, TemplateError);
