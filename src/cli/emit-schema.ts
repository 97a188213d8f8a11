// Writes schema.graphql (the emitted SDL, committed) from the type-graphql classes.
import { writeFileSync } from "node:fs";
import { printGatewaySchema } from "../api/schema.js";

writeFileSync(new URL("../../schema.graphql", import.meta.url), await printGatewaySchema());
console.log("wrote schema.graphql");
