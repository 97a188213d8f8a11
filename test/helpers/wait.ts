const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` until it returns something truthy and returns that; throws after
 * timeoutMs, naming `what` and the last value seen.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (last) return last as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const seen = lastError instanceof Error ? lastError.message : JSON.stringify(last);
      throw new Error(`timed out after ${opts.timeoutMs ?? 15_000} ms waiting for ${opts.what ?? "a condition"}; last: ${seen?.slice(0, 2000)}`);
    }
    await sleep(opts.intervalMs ?? 50);
  }
}
