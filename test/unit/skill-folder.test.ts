// The pure rendering of a skill folder and the writer's swap, on a real temp folder.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { parseSkillManifest } from "../../src/catalog/manifest.js";
import { machineName, renderSkillSet } from "../../src/skill-folders/format.js";
import { writeUserSkillDir } from "../../src/skill-folders/writer.js";

const root = mkdtempSync(path.join(tmpdir(), "gw-skillfolder-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const skill = (id: string, extra: Partial<Parameters<typeof renderSkillSet>[0][number]> = {}) => ({
  id, name: `${id} name`, description: null, version: "1.0.0", instructions: `# ${id}`, references: [], scripts: [], ...extra,
});

test("machine names follow the SKILL.md name rule; colliding ids get distinct folders", () => {
  expect(machineName("gatespic.change-risk-review")).toBe("gatespic-change-risk-review");
  expect(machineName("a".repeat(100))).toHaveLength(64);
  const set = renderSkillSet([skill("a.b"), skill("a-b")]);
  expect(new Set(set.map((f) => f.folder)).size).toBe(2);
  for (const f of set) {
    const parsed = parseSkillManifest(f.files[0].content);
    expect(parsed.ok && parsed.manifest.name).toBe(f.folder);
    // No description: the display name stands in (the rule requires one).
    expect(parsed.ok && parsed.manifest.description).toBe(`${f.skillId} name`);
  }
});

test("unsafe reference names never become paths", () => {
  const [f] = renderSkillSet([skill("x", { references: [{ filename: "../../etc/passwd", content: "no" }, { filename: "OK.md", content: "yes" }] })]);
  expect(f.files.map((x) => x.path)).toEqual(["SKILL.md", "references/OK.md"]);
});

test("concurrent writes of one user's folder leave a valid link and one generation", async () => {
  const sets = [["s1"], ["s1", "s2"], ["s3"], ["s2", "s3"], ["s1", "s3"]].map((ids) => renderSkillSet(ids.map((id) => skill(id))));
  await Promise.all(sets.map((s) => writeUserSkillDir(root, "u", s)));
  const names = readdirSync(path.join(root, "u")).filter((n) => !n.startsWith(".")).sort();
  expect(names).toEqual(["s1", "s3"]); // the last writer in call order wins
  expect(readFileSync(path.join(root, "u", "s3", "SKILL.md"), "utf8")).toContain("# s3");
  expect(readdirSync(path.join(root, ".generations", "u"))).toHaveLength(1);
});
