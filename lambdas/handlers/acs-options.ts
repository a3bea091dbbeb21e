import { describeValue, isObject, type KeysOfUnion } from '../contracts/check.ts';
import { lambdaResponseLimitBytes } from './limits.ts';
import { defaultObjectConcurrency, maxObjectConcurrency } from './acs-each-object.ts';
import type { AcsHandlerOptions } from './acs.ts';
import { seedStateProblem } from './seed-state-uri.ts';
import { aBoolean, aFunction, aLogger, anObject, nested, oneOf, optionsProblem, withMethods, type OptionRule } from './option-rules.ts';


const aStore = withMethods('an object store { getText, putText } or a function (event) => store', ['getText', 'putText']);

/** One rule per option of `AcsHandlerOptions` (the compiler keeps the list complete), in the order the message lists them. */
const acsOptionRules: { readonly [K in KeysOfUnion<AcsHandlerOptions<unknown, unknown>>]-?: OptionRule } = {
  parseAnswer: aFunction('a function (answer) => parsed answer'),
  payloadAccess: oneOf('function-role', 'assume-event-role'),
  s3Client: withMethods('an S3Client', ['send']),
  stsClient: withMethods('an STSClient', ['send']),
  assumedS3Config: anObject('S3 client settings { region, endpoint, … }'),
  store: (value) => (typeof value === 'function' ? undefined : aStore(value)),
  logger: aLogger,
  decode: nested('decode', { nestedJson: aBoolean }, 'decode options { nestedJson? }'),
  stateUri: aFunction('a function (event) => the state\'s s3:// URI'),
  seedState: seedStateProblem,
  onOversize: oneOf('error', 'offload'),
  responseLimitBytes: (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1 ? undefined : `expected a whole number of bytes, at least 1 (Lambda's limit is ${lambdaResponseLimitBytes}), got ${describeValue(value)}`,
  consolidateObject: aFunction('a function (object, context) => { label }'),
  objectConcurrency: (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= maxObjectConcurrency
      ? undefined
      : `expected a whole number from 1 to ${maxObjectConcurrency} (how many consolidateObject calls run at once; default ${defaultObjectConcurrency}), got ${describeValue(value)}`,
  consolidateBatch: aFunction('a function (objects, context) => Map of id → { label } or Error'),
};

/**
 * Throws a TypeError naming the first problem with acsHandler's options: not an object, an
 * unknown name, a value of the wrong kind, not exactly one of consolidateObject and
 * consolidateBatch, or objectConcurrency with consolidateBatch. Run when the handler is built,
 * so that a mistake fails the cold start instead of every object of every batch, or silently
 * taking a default.
 */
export function checkAcsOptions(options: unknown): void {
  if (!isObject(options)) throw new TypeError(`acsHandler: expected options { consolidateObject } or { consolidateBatch }, got ${describeValue(options)}`);
  const problem = optionsProblem('acsHandler', options, acsOptionRules) ?? modeProblem(options);
  if (problem) throw new TypeError(`acsHandler: ${problem}`);
}

function modeProblem(options: Record<string, unknown>): string | undefined {
  const perObject = options.consolidateObject !== undefined;
  const perBatch = options.consolidateBatch !== undefined;
  if (perObject && perBatch) return 'options: give consolidateObject or consolidateBatch, not both';
  if (!perObject && !perBatch) return 'options: give consolidateObject (one object at a time) or consolidateBatch (the whole batch)';
  if (perBatch && options.objectConcurrency !== undefined) return 'options.objectConcurrency: applies to consolidateObject only (consolidateBatch gets the whole batch in one call); remove it';
  return undefined;
}
