// A committed governance event as read from the log.
import type { Tx } from "../db/client.js";

export type EventRow = Awaited<ReturnType<Tx["governanceEvent"]["create"]>>;
