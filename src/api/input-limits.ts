// The maximum length of every list a caller can send, keyed by where the list
// sits in the schema ("Mutation.upsertUsers.users" for an argument,
// "UpsertUserInput.groupIds" for an input field). A list not named here gets
// DEFAULT_LIST_MAX. The README's Security section documents this table.
//
// Why bounds at all: a list becomes one SQL parameter per item (SQLite refuses
// more than 999 in one statement through Prisma) and multiplies the rows a change
// resolves. Lists that reach one statement together share that budget.
import { MAX_USAGE_BATCH } from "../services/usage.service.js";

export const DEFAULT_LIST_MAX = 500;

export const LIST_MAX: Readonly<Record<string, number>> = {
  "Mutation.upsertUsers.users": 1000,
  // The contract promises platforms 1,000 events a call; the store chunks its statements.
  "Mutation.reportUsage.events": MAX_USAGE_BATCH,
  // Added and removed ids resolve as one skill scope, hence half each.
  "Mutation.updateArchetypeSkills.addSkills": 250,
  "Mutation.updateArchetypeSkills.removeSkills": 250,
  "UpsertUserInput.groupIds": 100,
  "UpsertUserInput.roleIds": 100,
  "Mutation.importSkillTemplates.templateIds": 100,
  "CreateSkillInput.references": 100,
  "UpdateSkillInput.references": 100,
  "CreateSkillInput.scripts": 100,
  "UpdateSkillInput.scripts": 100,
  "CreateSkillInput.toolIds": 100,
  "UpdateSkillInput.toolIds": 100,
  "RepublishInput.platforms": 100,
  "SkillFilter.lifecycle": 20,
  "SkillFilter.source": 20,
  "PublishJobFilter.status": 20,
  "GovernanceEventFilter.kinds": 50,
  "Subscription.governanceEvents.kinds": 50,
};

/** Deepest nesting of objects and lists inside a JSONObject value (metadata, config, settings). */
export const MAX_JSON_DEPTH = 20;
/** Most keys and items inside one JSONObject value, counted over every level. */
export const MAX_JSON_ENTRIES = 1000;

export function listMax(key: string): number {
  return LIST_MAX[key] ?? DEFAULT_LIST_MAX;
}
