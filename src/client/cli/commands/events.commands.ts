// The governance audit log: the latest events, then (with --follow) every new one
// as it commits, resumed from the last one printed so none is missed or repeated.
import type { Command } from "commander";
import { GovernanceEventsDocument } from "../../operations.js";
import { SubscriptionConnection } from "../../subscribe.js";
import { handler, idList, positiveInt } from "./kit.js";

interface EventRow {
  id: string;
  kind: string;
  actor: string;
  subjects: string[];
  occurredAt: string;
}

const eventLine = (e: EventRow) => `#${e.id.padEnd(5)} ${e.occurredAt}  ${e.kind.padEnd(26)} ${e.actor}  ${e.subjects.join(", ")}`;

export function registerEventCommands(program: Command): void {
  program
    .command("events")
    .description("the governance audit log: the latest events; --follow prints new ones as they commit (Ctrl-C stops)")
    .option("--kind <kinds>", "only these kinds (comma-separated or repeated), e.g. skill.grant_created", idList)
    .option("--subject <subject>", "only events about this, e.g. user:user:marco.mazzolin@dainese.it")
    .option("--last <n>", "how many past events to print (1-100)", positiveInt("--last"), 10)
    .option("--follow", "keep printing new events (graphql-ws; with --json one JSON line each)")
    .action(
      handler(async ({ client, out, settings }, opts) => {
        const kinds = opts.kind as string[] | undefined;
        const subject = opts.subject as string | undefined;
        const past = await client.governanceEvents({ kinds, subject }, opts.last as number);
        if (!opts.follow) {
          out.result(past, () => (past.length ? past.map(eventLine) : ["No governance events."]));
          return;
        }
        for (const e of past) (out.json ? out.jsonLine(e) : out.say(eventLine(e)));
        const connection = new SubscriptionConnection({ url: settings.url, token: settings.token });
        const stop = () => void connection.close();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        // `after` the newest printed event (or the whole log's end when none was): replay, then live.
        const after = past.at(-1)?.id ?? (await client.governanceEvents({}, 1)).at(-1)?.id;
        try {
          for await (const { governanceEvents: e } of connection.subscribe(GovernanceEventsDocument, { kinds, after })) {
            if (subject && !e.subjects.includes(subject)) continue;
            if (out.json) out.jsonLine(e);
            else out.say(eventLine(e));
          }
        } finally {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
        }
      }),
    );
}
