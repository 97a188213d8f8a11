// After-commit notifications. A service calls notifyCommitted(tenant, seq) only
// once its transaction has committed; subscribers then read the committed
// governance events from the database (the log is the source of truth, the
// bus only says "there is more"). In-process by default; Redis fans out across
// gateway processes when REDIS_URL is set.
import { EventEmitter } from "node:events";

export type CommitListener = (tenantId: string, seq: number) => void;

export interface EventBus {
  notifyCommitted(tenantId: string, seq: number): void;
  /** Listens to every tenant's commits; returns the unsubscribe function. */
  onCommitted(listener: CommitListener): () => void;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  notifyCommitted(tenantId: string, seq: number): void {
    this.emitter.emit("committed", tenantId, seq);
  }

  onCommitted(listener: CommitListener): () => void {
    this.emitter.on("committed", listener);
    return () => this.emitter.off("committed", listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
