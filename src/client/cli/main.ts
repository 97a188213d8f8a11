// Entry of the `skill-gateway` CLI (bin/skill-gateway.js): runs the program and
// turns every outcome into one documented exit code and one clear message.
import { CommanderError } from "commander";
import { SkillGatewayError } from "../errors.js";
import { hints } from "./commands/kit.js";
import { JobFailure } from "./commands/jobs.commands.js";
import { EXIT, exitCodeFor, type ExitCode } from "./exit-codes.js";
import { buildProgram } from "./program.js";
import { UsageError } from "./usage-error.js";

export async function main(argv: string[]): Promise<ExitCode> {
  const json = argv.includes("--json");
  const fail = (code: string, message: string, extra: Record<string, unknown> = {}) => {
    const hint = extra.hint as string | undefined;
    if (json) process.stderr.write(`${JSON.stringify({ error: { code, message, ...extra } })}\n`);
    else process.stderr.write(`error: ${message}${hint ? `\n  hint: ${hint}` : ""}\n`);
  };
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has printed the help or the usage message already.
      if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version") return EXIT.OK;
      return EXIT.USAGE;
    }
    if (e instanceof UsageError) {
      fail(e.code, e.message);
      return e.exitCode;
    }
    if (e instanceof SkillGatewayError) {
      const hint = hints.get(e);
      const where = [e.code, e.status ? String(e.status) : "", e.field ? `at ${e.field}` : ""].filter(Boolean).join(" ");
      fail(e.code, json ? e.message : `${e.message} (${where})`, { ...e.toJSON(), message: e.message, ...(hint ? { hint } : {}) });
      if (e.retryAfterSeconds !== undefined && !json) process.stderr.write(`  retry after ${e.retryAfterSeconds} s\n`);
      return exitCodeFor(e.code);
    }
    if (e instanceof JobFailure) {
      fail("JOB_FAILED", e.message, { jobs: e.jobs.map((j) => ({ id: j.id, status: j.status, error: j.error })) });
      return EXIT.JOB_FAILED;
    }
    fail("UNEXPECTED", e instanceof Error ? (process.env.SKILL_GATEWAY_DEBUG ? (e.stack ?? e.message) : e.message) : String(e));
    return EXIT.UNEXPECTED;
  }
}
