// SKILL_DIR delivery: for each user, <PUBLISH_DIR>/<tenant>/<target>/<user>/
// holds one folder per effective skill (SKILL.md, references/, scripts/),
// the layout agent runtimes load. Skills that left the set disappear; each
// user's folder is swapped in atomically; unchanged skills are not rewritten
// (skill-folders/writer.ts).
import path from "node:path";
import type { Db } from "../../db/client.js";
import { contentOf } from "../../catalog/store.js";
import { renderSkillSet, type SkillFolderInput } from "../../skill-folders/format.js";
import { userFolderName, writeUserSkillDir } from "../../skill-folders/writer.js";
import type { ManifestText, UserManifest } from "../manifest.js";
import type { PlatformTarget, Publisher } from "./publisher.js";

const PARALLEL_USERS = 8;

export class SkillDirPublisher implements Publisher {
  constructor(
    private readonly prisma: Db,
    private readonly root: string,
  ) {}

  folderOf(platform: PlatformTarget): string {
    return path.join(this.root, platform.tenantId, platform.target);
  }

  async deliver(platform: PlatformTarget, texts: ManifestText[]): Promise<void> {
    const manifests = texts.map((t) => JSON.parse(t.text) as UserManifest);
    const content = await this.loadContent(platform.tenantId, manifests);
    const dir = this.folderOf(platform);
    let next = 0;
    const work = async () => {
      while (next < manifests.length) {
        const m = manifests[next++];
        const skills: SkillFolderInput[] = m.skills.flatMap((s) => {
          const c = content.get(`${s.id}\u0000${s.version}`);
          return c ? [{ id: s.id, name: s.name, description: s.description, version: s.version, ...c }] : [];
        });
        await writeUserSkillDir(dir, userFolderName(m.userId), renderSkillSet(skills));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_USERS, manifests.length) }, work));
  }

  /** The content of every (skill, version) in the batch, in one statement. */
  private async loadContent(tenantId: string, manifests: UserManifest[]) {
    const pairs = new Set(manifests.flatMap((m) => m.skills.map((s) => `${s.id}\u0000${s.version}`)));
    const ids = [...new Set(manifests.flatMap((m) => m.skills.map((s) => s.id)))];
    const versions = [...new Set(manifests.flatMap((m) => m.skills.map((s) => s.version)))];
    const rows = ids.length
      ? await this.prisma.skillVersion.findMany({ where: { tenantId, skillId: { in: ids }, key: { in: versions }, isDraft: false } })
      : [];
    const out = new Map<string, Pick<SkillFolderInput, "instructions" | "references" | "scripts">>();
    for (const row of rows) {
      const key = `${row.skillId}\u0000${row.version}`;
      if (!pairs.has(key)) continue;
      const c = contentOf(row);
      out.set(key, { instructions: c.instructions, references: c.references, scripts: c.scripts });
    }
    return out;
  }
}
