// A mistake in the command line itself, found before anything is sent (exit 2,
// or another code when the mistake is of another kind, e.g. a missing token).
import { EXIT, type ExitCode } from "./exit-codes.js";

export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.USAGE,
    readonly code = exitCode === EXIT.AUTH ? "UNAUTHENTICATED" : "USAGE",
  ) {
    super(message);
  }
}
