// After-commit notifications. Nothing is published before the transaction that
// caused it commits. Governance events are announced by number only: listeners
// read the committed rows from the log (the source of truth), so a lost
// notification only delays delivery until the next read, never loses it. Job
// messages carry the committed job row, so every state a job passes through
// (QUEUED, RUNNING, progress, SUCCEEDED) reaches dashboards in order.
import { EventEmitter } from "node:events";
import type { PublishJobRow } from "../db/types.js";

export type BusMessage =
  | { type: "events"; tenantId: string; seq: number }
  | { type: "job"; tenantId: string; job: PublishJobRow }
  | { type: "jobs-queued" };

export type BusListener = (message: BusMessage) => void;

export interface EventBus {
  publish(message: BusMessage): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: BusListener): () => void;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  protected readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(message: BusMessage): void {
    this.emitter.emit("message", message);
  }

  subscribe(listener: BusListener): () => void {
    this.emitter.on("message", listener);
    return () => this.emitter.off("message", listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const JOB_DATES = ["createdAt", "startedAt", "finishedAt", "causedAt", "runAfter", "leaseExpiresAt"] as const;

/** JSON turns dates into strings; job rows crossing Redis get them back. */
export function reviveMessage(raw: string): BusMessage {
  const message = JSON.parse(raw) as BusMessage;
  if (message.type === "job") {
    const job = message.job as unknown as Record<string, unknown>;
    for (const k of JOB_DATES) if (typeof job[k] === "string") job[k] = new Date(job[k] as string);
  }
  return message;
}
