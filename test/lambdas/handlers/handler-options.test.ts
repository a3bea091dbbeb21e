import { describe, expect, it } from 'vitest';
import { acsHandler, preHandler } from '../../../lambdas/index.ts';
import { silentLogger } from '../../../lambdas/testing/index.ts';
import { messageOf } from '../../helpers/errors.ts';

/** The TypeError a handler helper throws when it is built (not when it is first invoked). */
const refusal = messageOf(TypeError);
const acs = (options: unknown) => () => acsHandler(options as never);
const consolidateObject = () => ({ label: 1 });

describe('acsHandler checks its options when it is built', () => {
  it('needs exactly one consolidation function', () => {
    expect(refusal(acs(undefined))).toBe('acsHandler: expected options { consolidateObject } or { consolidateBatch }, got undefined');
    expect(refusal(acs({}))).toBe('acsHandler: options: give consolidateObject (one object at a time) or consolidateBatch (the whole batch)');
    expect(refusal(acs({ consolidateObject: 'x' }))).toBe('acsHandler: options.consolidateObject: expected a function (object, context) => { label }, got "x"');
    expect(refusal(acs({ consolidateBatch: new Map() }))).toBe('acsHandler: options.consolidateBatch: expected a function (objects, context) => Map of id → { label } or Error, got object');
    expect(refusal(acs({ consolidateObject, consolidateBatch: () => new Map() }))).toBe('acsHandler: options: give consolidateObject or consolidateBatch, not both');
  });

  it('refuses a misspelt option name or value, with the allowed values and a did-you-mean', () => {
    expect(refusal(acs({ consolidateObjects: consolidateObject }))).toBe('acsHandler: options.consolidateObjects: not an option of acsHandler; did you mean "consolidateObject"?');
    expect(refusal(acs({ consolidateObject, colour: 'red' }))).toBe(
      'acsHandler: options.colour: not an option of acsHandler; it takes parseAnswer, payloadAccess, s3Client, stsClient, assumedS3Config, store, logger, decode, stateUri, seedState, onOversize, responseLimitBytes, consolidateObject, objectConcurrency, consolidateBatch',
    );
    expect(refusal(acs({ consolidateObject, onOversize: 'ofload' }))).toBe('acsHandler: options.onOversize: expected "error" or "offload", got "ofload"; did you mean "offload"?');
    expect(refusal(acs({ consolidateObject, payloadAccess: 'assume-role' }))).toBe('acsHandler: options.payloadAccess: expected "function-role" or "assume-event-role", got "assume-role"');
  });

  it('refuses a response limit that is not a whole number of bytes', () => {
    const limit = (responseLimitBytes: unknown) => refusal(acs({ consolidateObject, responseLimitBytes }));
    expect(limit('6MB')).toBe("acsHandler: options.responseLimitBytes: expected a whole number of bytes, at least 1 (Lambda's limit is 6291456), got \"6MB\"");
    expect(limit(-1)).toBe("acsHandler: options.responseLimitBytes: expected a whole number of bytes, at least 1 (Lambda's limit is 6291456), got -1");
    expect(limit(Number.NaN)).toBe("acsHandler: options.responseLimitBytes: expected a whole number of bytes, at least 1 (Lambda's limit is 6291456), got NaN");
  });

  it('refuses a store, logger, client or hook of the wrong kind', () => {
    expect(refusal(acs({ consolidateObject, store: 's3' }))).toBe('acsHandler: options.store: expected an object store { getText, putText } or a function (event) => store, got "s3"');
    expect(refusal(acs({ consolidateObject, logger: { info() {} } }))).toBe('acsHandler: options.logger: expected a logger with debug, info, warn and error methods, got an object without debug, warn, error');
    expect(refusal(acs({ consolidateObject, s3Client: {} }))).toBe('acsHandler: options.s3Client: expected an S3Client, got an object without send');
    expect(refusal(acs({ consolidateObject, parseAnswer: true }))).toBe('acsHandler: options.parseAnswer: expected a function (answer) => parsed answer, got boolean');
    expect(refusal(acs({ consolidateObject, decode: { nestedJson: 'no' } }))).toBe('acsHandler: options.decode.nestedJson: expected true or false, got "no"');
  });

  it('takes every documented option, and undefined as left out', () => {
    const store = { getText: async () => '[]', putText: async () => {} };
    expect(() => acsHandler({ consolidateObject, store, logger: silentLogger, payloadAccess: 'assume-event-role', onOversize: 'offload', responseLimitBytes: 1000, decode: { nestedJson: false }, stateUri: () => undefined, parseAnswer: (a) => a })).not.toThrow();
    expect(() => acsHandler({ consolidateBatch: async () => new Map(), store: () => store, s3Client: undefined, onOversize: undefined } as never)).not.toThrow();
  });
});

describe('preHandler checks its arguments when it is built', () => {
  const fn = () => ({ taskInput: {} });
  it('needs a function, and options it knows with values it takes', () => {
    expect(refusal(() => preHandler('nope' as never))).toBe('preHandler: expected a function (dataObject, context) => ({ taskInput }), got "nope"');
    expect(refusal(() => preHandler(fn, 'skip' as never))).toBe('preHandler: expected options { onInvalidDataObject?, logger?, store?, s3Client? }, got "skip"');
    expect(refusal(() => preHandler(fn, { onInvalidDataObject: 'skp' } as never))).toBe('preHandler: options.onInvalidDataObject: expected "fail" or "skip", got "skp"; did you mean "skip"?');
    expect(refusal(() => preHandler(fn, { logguer: silentLogger } as never))).toBe('preHandler: options.logguer: not an option of preHandler; did you mean "logger"?');
    expect(() => preHandler(fn, { onInvalidDataObject: 'skip', logger: silentLogger })).not.toThrow();
  });
});
