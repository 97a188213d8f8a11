// Publish jobs: list them, republish, and watch jobs finish live over graphql-ws.
import type { Command } from "commander";
import { SkillGatewayError } from "../../errors.js";
import type { PublishJobStatus, PublishScope } from "../../gql/graphql.js";
import { isFinalJob, watchPublishJobs, type PublishJobState } from "../../subscribe.js";
import { JobProgress, jobLine } from "../output.js";
import { UsageError } from "../usage-error.js";
import { handler, idList, oneOf, positiveInt, type Ctx } from "./kit.js";

const SCOPES: readonly PublishScope[] = ["TENANT", "ARCHETYPE", "GROUP", "USER"];
const STATUSES: readonly PublishJobStatus[] = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];
export const DEFAULT_WATCH_TIMEOUT_S = 300;

/** A watched job that did not succeed (exit 7). */
export class JobFailure extends Error {
  override readonly name = "JobFailure";
  constructor(
    message: string,
    readonly jobs: PublishJobState[],
  ) {
    super(message);
  }
}

/** Follows jobs to their final state with a live progress display; throws JobFailure unless all SUCCEEDED. */
export async function followJobs(ctx: Ctx, jobIds: string[], timeoutSeconds = DEFAULT_WATCH_TIMEOUT_S): Promise<PublishJobState[]> {
  const progress = new JobProgress(ctx.out);
  const latest = new Map<string, PublishJobState>();
  const signal = AbortSignal.timeout(timeoutSeconds * 1000);
  let finals: PublishJobState[];
  try {
    finals = await watchPublishJobs(
      {
        url: ctx.settings.url,
        token: ctx.settings.token,
        signal,
        onUpdate: (job) => {
          latest.set(job.id, job);
          progress.update(job);
        },
      },
      jobIds,
    );
  } catch (e) {
    if (signal.aborted) {
      const pending = jobIds.filter((id) => !latest.get(id) || !isFinalJob(latest.get(id)!));
      throw new JobFailure(`timed out after ${timeoutSeconds} s; not finished: ${pending.join(", ")}`, [...latest.values()]);
    }
    throw e;
  }
  const bad = finals.filter((j) => j.status !== "SUCCEEDED");
  if (bad.length) throw new JobFailure(bad.map((j) => `${j.id} ${j.status}${j.error ? `: ${j.error}` : ""}`).join("; "), finals);
  ctx.out.say(`All ${finals.length} publish job${finals.length === 1 ? "" : "s"} SUCCEEDED.`);
  return finals;
}

export function registerJobCommands(program: Command): void {
  program
    .command("jobs")
    .description("recent publish jobs, newest first")
    .option("--status <statuses>", `only these (comma-separated): ${STATUSES.join(", ")}`, (v, p: string[] = []) => [...p, ...idList(v).map(oneOf("--status", STATUSES))])
    .option("--platform <platformId>", "only this platform")
    .option("--first <n>", "how many (1-100)", positiveInt("--first"), 10)
    .action(
      handler(async ({ client, out }, opts) => {
        const filter = { status: opts.status as PublishJobStatus[] | undefined, platformId: opts.platform as string | undefined };
        const page = await client.publishJobs(filter, opts.first as number);
        out.result(page, () => (page.nodes.length ? page.nodes.map((j) => `${jobLine(j)}  ${j.trigger}  ${j.createdAt}`) : ["No publish jobs."]));
      }),
    );

  program
    .command("watch")
    .description("follow publish jobs live (graphql-ws) until each SUCCEEDED, FAILED or CANCELLED")
    .argument("[jobIds...]", "pub_… ids (see `skill-gateway jobs`)")
    .option("--active", "watch every job that is QUEUED or RUNNING now")
    .option("--timeout <seconds>", "give up after this long (exit 7)", positiveInt("--timeout"), DEFAULT_WATCH_TIMEOUT_S)
    .action(
      handler(async (ctx, opts, jobIds: string[]) => {
        let ids = jobIds;
        if (opts.active) {
          const page = await ctx.client.publishJobs({ status: ["QUEUED", "RUNNING"] }, 100);
          ids = [...new Set([...ids, ...page.nodes.map((j) => j.id)])];
          if (!ids.length) {
            ctx.out.result([], () => ["No QUEUED or RUNNING publish jobs."]);
            return;
          }
        }
        if (!ids.length) throw new UsageError("name at least one job id, or pass --active (job ids: `skill-gateway jobs`)");
        // A wrong id would otherwise wait for a job that never comes.
        for (const id of ids) {
          if (!(await ctx.client.publishJob(id))) {
            throw new SkillGatewayError(`publish job "${id}" not found (recent jobs: \`skill-gateway jobs\`)`, "NOT_FOUND", 404, "jobId");
          }
        }
        await followJobs(ctx, ids, opts.timeout as number);
      }),
    );

  program
    .command("republish")
    .description("publish a scope's effective skills again to its platforms (a manual_republish job per platform)")
    .option("--scope <scope>", `one of ${SCOPES.join(", ")}`, oneOf("--scope", SCOPES), "TENANT")
    .option("--scope-id <id>", "the archetype, group or user id (not for TENANT)")
    .option("--platform <platformIds>", "only these platforms (comma-separated or repeated); all enabled ones by default", idList)
    .option("--watch", "then follow the jobs until they finish")
    .option("--timeout <seconds>", "with --watch: give up after this long (exit 7)", positiveInt("--timeout"), DEFAULT_WATCH_TIMEOUT_S)
    .action(
      handler(
        async (ctx, opts) => {
          const scope = opts.scope as PublishScope;
          const scopeId = opts.scopeId as string | undefined;
          if (scope !== "TENANT" && !scopeId) throw new UsageError(`--scope ${scope} needs --scope-id <${scope.toLowerCase()} id>`);
          const jobs = await ctx.client.republish({ scope, scopeId, platforms: opts.platform as string[] | undefined });
          if (ctx.out.json && opts.watch) ctx.out.jsonLine(jobs);
          else ctx.out.result(jobs, () => [`Queued ${jobs.length} publish job${jobs.length === 1 ? "" : "s"}:`, ...jobs.map((j) => `  ${jobLine(j)}`)]);
          if (opts.watch && jobs.length) await followJobs(ctx, jobs.map((j) => j.id), opts.timeout as number);
        },
        (opts) => {
          const kind = ({ ARCHETYPE: "archetype", GROUP: "group", USER: "user" } as const)[opts.scope as "ARCHETYPE" | "GROUP" | "USER"];
          const refs = kind && opts.scopeId ? [{ kind, id: opts.scopeId as string }] : [];
          return [...refs, ...((opts.platform as string[] | undefined) ?? []).map((id) => ({ kind: "platform" as const, id }))];
        },
      ),
    );
}
