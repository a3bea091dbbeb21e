import { CliError, ExitCode } from './exit-codes.ts';

/** Until a verb is built it says so and fails; it never pretends to succeed. */
export function notAvailable(verb: string): never {
  throw new CliError(`gtkit ${verb} is not available yet in this version of gtkit.`, ExitCode.notAvailable);
}
