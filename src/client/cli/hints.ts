// Helpful answers for ids that do not exist: the gateway says NOT_FOUND; this
// finds which of the command's ids is missing and what the caller probably meant
// (the `user:` prefix, underscores for hyphens, a typo). Costs queries only when
// something was not found.
import type { SkillGatewayClient } from "../client.js";
import { DirectoryIdsDocument, SkillDocument, UserExistsDocument, UserSearchDocument } from "../operations.js";

export type RefKind = "user" | "skill" | "group" | "archetype" | "cowork" | "agent" | "platform" | "grant" | "job";
export interface Ref {
  kind: RefKind;
  id: string;
}

const listHint: Partial<Record<RefKind, string>> = {
  grant: "grant ids are listed by `skill-gateway skills <user id>`",
  job: "recent jobs are listed by `skill-gateway jobs`",
};

/** Names the first missing id among refs and what was probably meant; undefined when all exist. */
export async function notFoundHint(client: SkillGatewayClient, refs: Ref[]): Promise<string | undefined> {
  let directory: Awaited<ReturnType<typeof loadDirectory>> | undefined;
  for (const ref of refs) {
    if (ref.kind === "user") {
      const hint = await userHint(client, ref.id);
      if (hint) return hint;
      continue;
    }
    if (ref.kind === "grant" || ref.kind === "job") continue;
    directory ??= await loadDirectory(client);
    const known = directory[ref.kind];
    if (ref.kind === "skill" ? (await client.request(SkillDocument, { id: ref.id })).skill : known.includes(ref.id)) continue;
    const near = nearest(ref.id, known);
    const some = known.slice(0, 8).join(", ");
    return `no ${ref.kind} "${ref.id}" in this tenant` + (near ? `; did you mean ${near}?` : known.length ? ` (known: ${some}${known.length > 8 ? ", …" : ""})` : "");
  }
  const hints = refs.map((r) => listHint[r.kind]).filter(Boolean);
  return hints.length ? hints.join("; ") : undefined;
}

async function userHint(client: SkillGatewayClient, id: string): Promise<string | undefined> {
  const exists = async (candidate: string) => Boolean((await client.request(UserExistsDocument, { id: candidate })).user);
  if (await exists(id)) return undefined;
  if (!id.startsWith("user:")) {
    const prefixed = `user:${id}`;
    if (await exists(prefixed)) return `no user "${id}": user ids start with "user:"; did you mean ${prefixed}?`;
  }
  const local = id.replace(/^user:/, "").split("@")[0];
  const found = local.length >= 2 ? (await client.request(UserSearchDocument, { search: local })).users.nodes.map((u) => u.id) : [];
  const prefixNote = id.startsWith("user:") ? "" : ` (user ids look like user:<e-mail>)`;
  return `no user "${id}" in this tenant${prefixNote}` + (found.length ? `; similar: ${found.join(", ")}` : "");
}

async function loadDirectory(client: SkillGatewayClient) {
  const d = await client.request(DirectoryIdsDocument);
  return {
    archetype: d.archetypes.map((x) => x.id),
    cowork: d.coworks.map((x) => x.id),
    group: d.groups.nodes.map((x) => x.id),
    agent: d.agents.nodes.map((x) => x.id),
    skill: d.skills.nodes.map((x) => x.id),
    platform: d.distributionPlatforms.map((x) => x.id),
  };
}

const normalize = (s: string) => s.toLowerCase().replace(/[-_.\s]/g, "");

/** The known id closest to `id`: equal up to case and separators, else within a small edit distance. */
export function nearest(id: string, known: string[]): string | undefined {
  const n = normalize(id);
  const same = known.find((k) => normalize(k) === n);
  if (same) return same;
  let best: { id: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(n, normalize(k));
    if (!best || d < best.d) best = { id: k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(n.length / 4)) ? best.id : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 20) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
