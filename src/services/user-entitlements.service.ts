// Reading who sees what: a user's effective and blocked skills, why one skill
// is or is not effective, and the reverse lookup (a skill's entitled users).
// All of it comes from the pure resolution over data batched by the loaders.
import type { RequestContext as Context } from "../core/context.js";
import { notFound } from "../core/errors.js";
import { pageInMemory, type ConnectionArgs, type Order } from "../core/paging.js";
import { explainSkill, type EffectiveEntry, type Explanation } from "../entitlements/resolve.js";
import { loadWorld } from "./entitlement-data.js";

export const bySkillId: Order<EffectiveEntry> = [{ field: "skillId", dir: "asc", kind: "string" }];
export const byUserId: Order<{ id: string }> = [{ field: "id", dir: "asc", kind: "string" }];




