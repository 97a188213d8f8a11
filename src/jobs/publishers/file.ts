// FILE delivery: one JSON manifest per user under
// <PUBLISH_DIR>/<tenant>/<platform target>/<user id>.json, written atomically
// (temp file then rename), so a reader never sees half a manifest.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { UserManifest } from "../manifest.js";
import type { PlatformTarget, Publisher } from "./publisher.js";

/** User ids hold ':' and '@'; keep file names portable and reversible enough to read. */
export function manifestFileName(userId: string): string {
  return `${userId.replace(/[^A-Za-z0-9._@+-]/g, "_")}.json`;
}

export class FilePublisher implements Publisher {
  constructor(private readonly root: string) {}

  folderOf(platform: PlatformTarget): string {
    return path.join(this.root, platform.tenantId, platform.target);
  }

  async deliver(platform: PlatformTarget, manifests: UserManifest[]): Promise<void> {
    const dir = this.folderOf(platform);
    await mkdir(dir, { recursive: true });
    await Promise.all(
      manifests.map(async (m) => {
        const file = path.join(dir, manifestFileName(m.userId));
        const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
        await writeFile(tmp, JSON.stringify(m));
        await rename(tmp, file);
      }),
    );
  }
}
