// Block a skill for a group and list exactly who lost it: the skill's entitled
// users before and after the block (a block beats every grant).
//   npx tsx examples/block-and-who-lost-it.ts [groupId] [skillId]
import { SkillGatewayClient } from "../src/client/index.js";

const [groupId = "claresia-eng-pilot", skillId = "steve.prd-review"] = process.argv.slice(2);
const gw = new SkillGatewayClient({
  url: process.env.SKILL_GATEWAY_URL ?? "http://localhost:4000/graphql",
  token: process.env.SKILL_GATEWAY_TOKEN ?? "",
});

const before = await gw.entitledUsers(skillId);
if (!before) throw new Error(`no skill ${skillId}`);
const dry = await gw.blockSkills(groupId, [skillId], { dryRun: true });
console.log(`dry run: ${dry.change.affectedUsers} of ${before.length} entitled user(s) would lose ${skillId}`);

await gw.blockSkills(groupId, [skillId]);
const after = new Set(await gw.entitledUsers(skillId));
const lost = before.filter((id) => !after.has(id));
console.log(`blocked ${skillId} for ${groupId}; lost it: ${lost.join(", ") || "nobody"}`);
console.log(`undo: npx skill-gateway unblock ${groupId} ${skillId}`);
