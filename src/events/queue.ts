// A push-to-pull bridge: producers push, one consumer iterates. Closing it ends
// the iteration; the consumer leaving (return()) runs the cleanup.
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private done = false;
  private ending = false;
  private error: unknown;

  constructor(private readonly onClose: () => void = () => undefined) {}

  push(item: T): void {
    if (this.done || this.ending) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.ending) this.close();
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

  /** Ends the iteration once the items already pushed have been read. */
  finish(): void {
    if (this.done || this.ending) return;
    this.ending = true;
    if (this.waiter) this.close();
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
