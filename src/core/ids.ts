// The one generator of ids the gateway makes: a type prefix and random hex
// (e.g. asg_3f9c0a7d1e2b4c58), valid keys under ^[a-z0-9][a-z0-9._:@+-]{0,127}$.
import { randomBytes } from "node:crypto";

export type IdPrefix = "asg" | "req" | "cfg" | "grant" | "scan" | "pub" | "worker" | (string & {});

export function generateId(prefix: IdPrefix, bytes = 8): string {
  return `${prefix}_${randomBytes(bytes).toString("hex")}`;
}
