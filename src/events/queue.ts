// A push-to-pull bridge: producers push, one consumer iterates. Closing it ends
// the iteration; the consumer leaving (return()) runs the cleanup. With a limit,
// a consumer that lets more items wait than that is failed (a slow subscriber is
// cut off rather than buffered for ever).
import { DomainError } from "../core/errors.js";

/** The error a bounded queue fails with; edges recognise it by details.slowConsumer. */
export function slowConsumer(limit: number): DomainError {
  return new DomainError("RATE_LIMITED", `Slow consumer: more than ${limit} messages were waiting to be sent`, {
    limit: "subscriptionQueue",
    maximum: limit,
    slowConsumer: true,
  });
}

export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private done = false;
  private error: unknown;

  constructor(
    private readonly onClose: () => void = () => undefined,
    private readonly limit = Infinity,
    /** Told at once when the limit is passed: the consumer may be stuck and never read the failure. */
    private readonly onOverflow?: (error: DomainError) => void,
  ) {}

  push(item: T): void {
    if (this.done) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: item, done: false });
    } else if (this.items.length >= this.limit) {
      const error = slowConsumer(this.limit);
      this.fail(error);
      this.onOverflow?.(error);
    } else this.items.push(item);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.error !== undefined) return Promise.reject(this.error);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  async return(): Promise<IteratorResult<T>> {
    this.close();
    return { value: undefined, done: true };
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.items.length = 0;
    this.onClose();
    this.waiter?.resolve({ value: undefined, done: true });
    this.waiter = undefined;
  }

  /** Ends the iteration with an error (delivered to the consumer's next read). */
  fail(error: unknown): void {
    if (this.done) return;
    this.error = error;
    const w = this.waiter;
    this.waiter = undefined;
    this.close();
    w?.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
