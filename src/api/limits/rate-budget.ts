// Each caller (tenant + token subject) has a budget of points, a token bucket
// that refills evenly over the window: a request is charged its cost before it
// runs, and refused while the bucket holds less. In one process the buckets live
// in memory; with REDIS_URL every gateway process charges the same bucket through
// one atomic script, so a caller cannot multiply its budget by the process count.
import { Redis } from "ioredis";
import { log } from "../../ops/log.js";

export interface BudgetState {
  allowed: boolean;
  /** Points the bucket holds when full. */
  limit: number;
  /** Points left after this charge (or before it, when refused). */
  remaining: number;
  /** When the bucket will be full again. */
  resetAt: Date;
  /** Seconds until the refused charge would fit; 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateBudget {
  charge(key: string, cost: number): Promise<BudgetState>;
  /** The state without charging (for rateLimit reads outside a charged request). */
  peek(key: string): Promise<BudgetState>;
  close(): Promise<void>;
}

export interface BudgetOptions {
  points: number;
  windowSeconds: number;
}

function state(opts: BudgetOptions, tokens: number, allowed: boolean, cost: number, nowMs: number): BudgetState {
  const perMs = opts.points / (opts.windowSeconds * 1000);
  return {
    allowed,
    limit: opts.points,
    remaining: Math.floor(tokens),
    resetAt: new Date(nowMs + Math.ceil((opts.points - tokens) / perMs)),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((Math.min(cost, opts.points) - tokens) / perMs / 1000)),
  };
}

export class InProcessBudget implements RateBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly opts: BudgetOptions) {}

  private refill(key: string, now: number): { tokens: number; at: number } {
    const perMs = this.opts.points / (this.opts.windowSeconds * 1000);
    const b = this.buckets.get(key) ?? { tokens: this.opts.points, at: now };
    b.tokens = Math.min(this.opts.points, b.tokens + Math.max(0, now - b.at) * perMs);
    b.at = now;
    return b;
  }

  async charge(key: string, cost: number): Promise<BudgetState> {
    const now = Date.now();
    const b = this.refill(key, now);
    const allowed = b.tokens >= cost;
    if (allowed) b.tokens -= cost;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.prune(now);
    return state(this.opts, b.tokens, allowed, cost, now);
  }

  async peek(key: string): Promise<BudgetState> {
    const now = Date.now();
    const b = this.buckets.has(key) ? this.refill(key, now) : { tokens: this.opts.points };
    return state(this.opts, b.tokens, true, 0, now);
  }

  /** A full bucket is the same as no bucket: forget those. */
  private prune(now: number): void {
    for (const key of [...this.buckets.keys()]) if (this.refill(key, now).tokens >= this.opts.points) this.buckets.delete(key);
  }

  async close(): Promise<void> {}
}

// KEYS[1] bucket; ARGV: capacity, refill per ms, cost (0 = peek). Redis's clock, so processes agree.
const SCRIPT = `
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('HMGET', KEYS[1], 'at', 'tokens')
local tokens = tonumber(s[2]) or cap
local at = tonumber(s[1]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
local allowed = 0
if tokens >= cost then
  allowed = 1
  if cost > 0 then
    tokens = tokens - cost
    redis.call('HSET', KEYS[1], 'at', now, 'tokens', tostring(tokens))
    redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / rate) + 1000)
  end
end
return { allowed, tostring(tokens), tostring(now) }
`;

export class RedisBudget implements RateBudget {
  private lastWarning = 0;
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly opts: BudgetOptions,
    private readonly fallback: InProcessBudget,
  ) {}

  static async connect(url: string, prefix: string, opts: BudgetOptions): Promise<RedisBudget> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableAutoPipelining: true });
    await redis.connect();
    redis.defineCommand("chargeBudget", { numberOfKeys: 1, lua: SCRIPT });
    return new RedisBudget(redis, `${prefix}:budget:`, opts, new InProcessBudget(opts));
  }

  private async run(key: string, cost: number): Promise<BudgetState> {
    const perMs = this.opts.points / (this.opts.windowSeconds * 1000);
    try {
      const [allowed, tokens, now] = (await (this.redis as unknown as {
        chargeBudget(k: string, cap: number, rate: number, cost: number): Promise<[number, string, string]>;
      }).chargeBudget(this.prefix + key, this.opts.points, perMs, cost)) ;
      return state(this.opts, Number(tokens), allowed === 1, cost, Number(now));
    } catch (e) {
      // A Redis outage must not take every request down with it: charge this process's buckets meanwhile.
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        log.warn({ err: e }, "budget: Redis unavailable, charging in-process buckets");
      }
      return cost > 0 ? this.fallback.charge(key, cost) : this.fallback.peek(key);
    }
  }

  charge(key: string, cost: number): Promise<BudgetState> {
    return this.run(key, cost);
  }

  peek(key: string): Promise<BudgetState> {
    return this.run(key, 0);
  }

  async close(): Promise<void> {
    // disconnect, not quit: with quit() the multi-process SIGTERM test saw the process die by the signal (exit 143).
    this.redis.disconnect();
  }
}
