#!/usr/bin/env node
// `npx skill-gateway …`: runs the TypeScript CLI in this process through tsx's
// loader (a dependency), so a fresh clone needs no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/client/cli/main.ts");
const code = await main(process.argv.slice(2));
// Let stdout drain, then leave even if a socket or timer lingers.
process.stdout.write("", () => process.exit(code));
