// skill-gateway sync: pulls one user's effective skills through the GraphQL
// API and writes them as SKILL.md skill folders (the SKILL_DIR layout) into a
// folder an agent runtime reads, e.g. ~/.claude/skills.
//   npm run sync-skills -- --user <id> --dir <folder> [--url http://host:4000/graphql] [--token <jwt>]
// The token may also come from SKILL_GATEWAY_TOKEN, the URL from SKILL_GATEWAY_URL.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderSkillSet, type SkillFolderInput } from "../catalog/skill-folder.js";
import { syncSkillFolders } from "../catalog/skill-folder-writer.js";

const QUERY = `query($id: ID!, $after: String) {
  user(id: $id) {
    effectiveSkills(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        skillVersion
        skill { id name description versions { version isDraft instructions references { filename content } scripts } }
      }
    }
  }
}`;

interface Page {
  user: null | {
    effectiveSkills: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: {
        skillVersion: string;
        skill: {
          id: string;
          name: string;
          description: string | null;
          versions: { version: string; isDraft: boolean; instructions: string; references: { filename: string; content: string }[]; scripts: string[] }[];
        };
      }[];
    };
  };
}

export interface SyncOptions {
  url: string;
  token: string;
  userId: string;
  dir: string;
}

async function post<T>(opts: SyncOptions, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(opts.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${opts.token}` },
    body: JSON.stringify({ query: QUERY, variables }),
  });
  const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  if (!body) throw new Error(`${opts.url} answered HTTP ${res.status} without JSON`);
  if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; "));
  return body.data!;
}

/** The user's effective skills at the versions they resolve to. */
export async function fetchEffectiveSkills(opts: SyncOptions): Promise<SkillFolderInput[]> {
  const out: SkillFolderInput[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page = await post<Page>(opts, { id: opts.userId, after });
    if (!page.user) throw new Error(`User "${opts.userId}" not found`);
    for (const n of page.user.effectiveSkills.nodes) {
      const v = n.skill.versions.find((x) => !x.isDraft && x.version === n.skillVersion);
      if (!v) continue;
      out.push({ id: n.skill.id, name: n.skill.name, description: n.skill.description, version: v.version, instructions: v.instructions, references: v.references, scripts: v.scripts });
    }
    const { hasNextPage, endCursor } = page.user.effectiveSkills.pageInfo;
    if (!hasNextPage) return out;
    after = endCursor;
  }
}

export async function syncSkills(opts: SyncOptions) {
  return syncSkillFolders(path.resolve(opts.dir), renderSkillSet(await fetchEffectiveSkills(opts)));
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const userId = arg("user");
  const dir = arg("dir");
  const token = arg("token") ?? process.env.SKILL_GATEWAY_TOKEN;
  const url = arg("url") ?? process.env.SKILL_GATEWAY_URL ?? "http://localhost:4000/graphql";
  if (!userId || !dir || !token) {
    console.error("usage: npm run sync-skills -- --user <id> --dir <folder> [--url <graphql url>] [--token <jwt> | SKILL_GATEWAY_TOKEN]");
    process.exit(2);
  }
  try {
    const r = await syncSkills({ url, token, userId, dir });
    console.log(`${dir}: ${r.written.length} written, ${r.kept.length} unchanged, ${r.removed.length} removed${r.skipped.length ? `, skipped (name taken): ${r.skipped.join(", ")}` : ""}`);
  } catch (e) {
    console.error(`sync failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
