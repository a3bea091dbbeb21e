import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/** The logging the handler helpers need; Powertools' Logger fits it, and so does a test spy. */
export interface HandlerLogger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
  /** Called once per invocation with the Lambda context (request id, cold start). */
  addContext?(context: Context): void;
}

let shared: HandlerLogger | undefined;

/** Structured JSON logs (cold start, request id) through Powertools, created on first use. */
export function defaultLogger(serviceName = 'gtkit'): HandlerLogger {
  if (shared) return shared;
  const logger = new PowertoolsLogger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
  shared = {
    debug: (message, extra) => logger.debug(message, extra ?? {}),
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
    error: (message, extra) => logger.error(message, extra ?? {}),
    addContext: (context) => logger.addContext(context),
  };
  return shared;
}

/** A logger that drops everything, for tests and benchmarks. */
export const silentLogger: HandlerLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
