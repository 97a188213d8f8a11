// What the CLI prints: JSON for machines (--json), short aligned text for people,
// and a live progress display for publish jobs (redrawn in place on a terminal,
// one line per update otherwise).
import type { ChangeFieldsFragment, PublishJobFieldsFragment } from "../gql/graphql.js";
import { isFinalJob } from "../subscribe.js";

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
}

export class Output {
  constructor(
    readonly json: boolean,
    private readonly streams: Streams = { stdout: process.stdout, stderr: process.stderr },
  ) {}

  /** The command's result: the value as one JSON document with --json, the lines otherwise. */
  result(value: unknown, lines: () => string[]): void {
    if (this.json) this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    else for (const l of lines()) this.streams.stdout.write(`${l}\n`);
  }

  /** One NDJSON line (--json streams: watch). */
  jsonLine(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** Human-only text on stdout (nothing with --json). */
  say(line: string): void {
    if (!this.json) this.streams.stdout.write(`${line}\n`);
  }

  /** Errors, notes and warnings: stderr, always. */
  error(line: string): void {
    this.streams.stderr.write(`${line}\n`);
  }

  get tty(): boolean {
    return !this.json && Boolean(this.streams.stdout.isTTY);
  }

  get width(): number {
    return this.streams.stdout.columns ?? 100;
  }

  write(text: string): void {
    this.streams.stdout.write(text);
  }
}

const list = (ids: readonly string[]) => (ids.length ? ids.join(", ") : "(none)");

/** The entitlement change payload, as a person reads it. */
export function changeLines(change: ChangeFieldsFragment, what: string): string[] {
  const lines = change.dryRun
    ? [`DRY RUN ${what}: nothing was written; the real call would:`]
    : [`Done: ${what}${change.event ? ` (event ${change.event.id}, ${change.event.kind})` : ""}`];
  lines.push(`  added:          ${list(change.added)}`);
  lines.push(`  removed:        ${list(change.removed)}`);
  lines.push(`  affected users: ${change.affectedUsers}`);
  if (change.publishJobs.length) {
    lines.push(`  publish jobs:   ${change.publishJobs.length} (about ${change.publishLagEstimateSeconds} s until every picker shows it)`);
    for (const j of change.publishJobs) lines.push(`    ${j.id}  ${j.platform.id.padEnd(28)} ${j.scope}${j.scopeId ? ` ${j.scopeId}` : ""}  ${j.status}`);
  } else if (change.dryRun && change.affectedUsers > 0) {
    lines.push(`  publish:        about ${change.publishLagEstimateSeconds} s until every picker shows it`);
  } else {
    lines.push(`  publish jobs:   none (nothing changed for anyone)`);
  }
  for (const w of change.warnings) lines.push(`  warning: ${w}`);
  return lines;
}

export function jobLine(job: PublishJobFieldsFragment, barWidth = 24): string {
  const total = job.usersTotal;
  const done = job.status === "SUCCEEDED" ? total : job.usersPublished;
  const ratio = total > 0 ? Math.min(1, done / total) : job.status === "SUCCEEDED" ? 1 : 0;
  const filled = Math.round(ratio * barWidth);
  const bar = `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]`;
  const pct = `${Math.round(ratio * 100)}%`.padStart(4);
  const tail = job.status === "FAILED" && job.error ? `  ${job.error}` : job.lagSeconds != null && isFinalJob(job) ? `  lag ${job.lagSeconds.toFixed(2)} s` : "";
  return `${job.id}  ${job.platform.id.padEnd(28)} ${bar} ${pct}  ${done}/${total} users  ${job.status}${tail}`;
}

/** A live display of several jobs: redrawn in place on a TTY, a line per visible change otherwise. */
export class JobProgress {
  private readonly order: string[] = [];
  private readonly lines = new Map<string, string>();
  private drawn = 0;

  constructor(private readonly out: Output) {}

  update(job: PublishJobFieldsFragment): void {
    if (this.out.json) {
      this.out.jsonLine(job);
      return;
    }
    const line = jobLine(job);
    if (this.lines.get(job.id) === line) return;
    if (!this.lines.has(job.id)) this.order.push(job.id);
    this.lines.set(job.id, line);
    if (!this.out.tty) {
      this.out.write(`${line}\n`);
      return;
    }
    // Move up over what was drawn and draw every job again, each line cleared first.
    let text = this.drawn ? `\x1b[${this.drawn}A` : "";
    for (const id of this.order) text += `\r\x1b[2K${this.lines.get(id)!.slice(0, this.out.width - 1)}\n`;
    this.drawn = this.order.length;
    this.out.write(text);
  }
}
