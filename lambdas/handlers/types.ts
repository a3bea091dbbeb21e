import type { Context } from 'aws-lambda';

/** An async Lambda handler (Node 24's runtime drops callback-style handlers). */
export type AsyncHandler<TEvent, TResult> = (event: TEvent, context: Context) => Promise<TResult>;
