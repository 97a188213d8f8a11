// A user's effective skills with their provenance: every source that grants
// each one, and the skills a group block holds back.
//   npx tsx examples/effective-skills.ts [userId]
import { SkillGatewayClient, SkillGatewayError } from "../src/client/index.js";

const [userId = "user:marco.mazzolin@dainese.it"] = process.argv.slice(2);
const gw = new SkillGatewayClient({
  url: process.env.SKILL_GATEWAY_URL ?? "http://localhost:4000/graphql",
  token: process.env.SKILL_GATEWAY_TOKEN ?? "",
});

try {
  const user = await gw.userSkills(userId);
  if (!user) {
    console.error(`no user ${userId} (user ids look like user:<e-mail>)`);
    process.exit(1);
  }
  for (const e of user.effectiveSkills.nodes) {
    const sources = e.sources.map((s) => `${s.label}${s.grant?.expiresAt ? ` until ${s.grant.expiresAt.slice(0, 10)}` : ""}`);
    console.log(`${e.skill.id}@${e.skillVersion}  ← ${sources.join(" + ")}`);
  }
  for (const b of user.blockedSkills) console.log(`${b.skill.id}  ✗ blocked by ${b.blockedBy}${b.overridesGrant ? " (overrides a grant)" : ""}`);
} catch (e) {
  if (!(e instanceof SkillGatewayError)) throw e;
  console.error(`${e.code} (${e.status})${e.field ? ` at ${e.field}` : ""}: ${e.message}`);
  process.exit(1);
}
