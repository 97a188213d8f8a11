// The `skill-gateway` command line: global flags, then one command per job.
import { Command, Option } from "commander";
import { registerChangeCommands } from "./commands/change.commands.js";
import { registerEventCommands } from "./commands/events.commands.js";
import { registerJobCommands } from "./commands/jobs.commands.js";
import { registerReadCommands } from "./commands/read.commands.js";
import { registerSyncCommands } from "./commands/sync.commands.js";
import { DEFAULT_URL } from "./settings.js";

export function buildProgram(): Command {
  const program = new Command("skill-gateway")
    .description("Admin CLI for the Skill Gateway: explore entitlements, change them (with --dry-run), watch publish jobs, sync a user's skill folders.")
    .version("0.1.0", "-V, --version")
    // Usage errors and --help throw instead of exiting, so main decides the exit code.
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .addOption(new Option("--url <url>", `GraphQL endpoint (default: ${DEFAULT_URL})`).env("SKILL_GATEWAY_URL"))
    .addOption(new Option("--token <jwt>", "bearer token").env("SKILL_GATEWAY_TOKEN"))
    .option("--json", "machine-readable output on stdout (errors as one JSON line on stderr)")
    .addHelpText(
      "after",
      `
Exit codes: 0 ok · 2 usage or bad input · 3 auth (no/bad token, missing scope) · 4 not found ·
5 conflict, locked, not grantable, rate limited · 6 gateway unreachable or failing ·
7 a watched publish job FAILED, was CANCELLED or timed out · 1 anything else.`,
    );
  registerReadCommands(program);
  registerChangeCommands(program);
  registerJobCommands(program);
  registerEventCommands(program);
  registerSyncCommands(program);
  return program;
}
