// A 20-line subscription client: prints every publish job update as it happens.
//   npx tsx examples/watch-publish-jobs.ts [platformId]      (Ctrl-C to stop)
import { SubscriptionConnection, operations } from "../src/client/index.js";

const [platformId] = process.argv.slice(2);
const connection = new SubscriptionConnection({
  url: process.env.SKILL_GATEWAY_URL ?? "http://localhost:4000/graphql",
  token: process.env.SKILL_GATEWAY_TOKEN ?? "",
  onConnected: () => console.log("watching publish jobs (Ctrl-C to stop)"),
});
// Closing the connection ends the loop below.
process.once("SIGINT", () => void connection.close());

for await (const { publishJobUpdated: job } of connection.subscribe(operations.PublishJobUpdatedDocument, { platformId })) {
  const pct = job.usersTotal ? Math.round((100 * job.usersPublished) / job.usersTotal) : 0;
  console.log(`${job.id} ${job.platform.id} ${job.status} ${job.usersPublished}/${job.usersTotal} (${pct}%)${job.error ? ` ${job.error}` : ""}`);
}
console.log("stopped");
