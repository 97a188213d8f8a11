// `skill-gateway sync --user <id> --dir <folder>`: pulls one user's effective
// skills through the API and writes them as SKILL.md skill folders, the layout
// the SKILL_DIR platform publishes and agent runtimes load (for example
// ~/.claude/skills). A skill that left is removed on the next sync; a folder the
// person made there themselves is never touched.
import path from "node:path";
import type { Command } from "commander";
import { renderSkillSet } from "../../../skill-folders/format.js";
import { syncSkillFolders } from "../../../skill-folders/writer.js";
import { handler, notFound } from "./kit.js";

export function registerSyncCommands(program: Command): void {
  program
    .command("sync")
    .description("write a user's effective skills as SKILL.md folders an agent runtime loads")
    .requiredOption("--user <id>", "whose skills, e.g. user:marco.mazzolin@dainese.it")
    .requiredOption("--dir <folder>", "where, e.g. ~/.claude/skills (created if missing)")
    .action(
      handler(
        async ({ client, out }, opts) => {
          const userId = opts.user as string;
          const dir = path.resolve(opts.dir as string);
          const skills = await client.userSkillFolders(userId);
          if (!skills) throw notFound(`user "${userId}" not found`, "user");
          const r = await syncSkillFolders(dir, renderSkillSet(skills));
          out.result({ dir, ...r }, () => [
            `${dir}: ${r.written.length} written, ${r.kept.length} unchanged, ${r.removed.length} removed` +
              (r.skipped.length ? `; skipped (a folder of that name is not ours): ${r.skipped.join(", ")}` : ""),
          ]);
        },
        (opts) => [{ kind: "user", id: opts.user as string }],
      ),
    );
}
