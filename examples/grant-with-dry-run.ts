// Grant a skill to a user: dry run first, and the real grant only when the dry
// run says someone's picker changes; then wait for every platform to have it.
//   npx tsx examples/grant-with-dry-run.ts [userId] [skillId]
import { SkillGatewayClient, watchPublishJobs } from "../src/client/index.js";

const [userId = "user:marco.mazzolin@dainese.it", skillId = "terraform"] = process.argv.slice(2);
const url = process.env.SKILL_GATEWAY_URL ?? "http://localhost:4000/graphql";
const token = process.env.SKILL_GATEWAY_TOKEN ?? "";
const gw = new SkillGatewayClient({ url, token });

const input = { userId, skillId, reason: "Infra on-call rotation", expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() };
const dry = await gw.grantSkill(input, { dryRun: true });
console.log(`dry run: adds [${dry.change.added}] for ${dry.change.affectedUsers} user(s); warnings: [${dry.change.warnings}]`);
if (dry.change.affectedUsers === 0) {
  const why = await gw.explainSkill(userId, skillId);
  console.log(`not granting: it would change nothing (${why?.effective ? "already effective" : why?.reasons.join(", ")})`);
  process.exit(0);
}

const real = await gw.grantSkill(input);
console.log(`granted (${real.grant.id}); publishing to ${real.change.publishJobs.length} platform(s)…`);
const jobs = await watchPublishJobs({ url, token }, real.change.publishJobs.map((j) => j.id));
for (const j of jobs) console.log(`${j.platform.id}: ${j.status} in ${j.lagSeconds?.toFixed(2)} s`);
