// FILE delivery: one JSON manifest per user under
// <PUBLISH_DIR>/<tenant>/<platform target>/<user id>.json, written atomically
// (temp file then rename), so a reader never sees half a manifest.
// The callback fs API is used on purpose: fs/promises allocates a FileHandle
// per file, which at 10,000 files a job costs more than the writes themselves.
import { mkdir, readFile, rename, writeFile } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { ManifestText } from "../manifest.js";
import type { PlatformTarget, Publisher } from "./publisher.js";

const writeFileAsync = promisify(writeFile);
const renameAsync = promisify(rename);
const mkdirAsync = promisify(mkdir);
const readFileAsync = promisify(readFile);

/** User ids hold ':' and '@'; keep file names portable and reversible enough to read. */
export function manifestFileName(userId: string): string {
  return `${userId.replace(/[^A-Za-z0-9._@+-]/g, "_")}.json`;
}

let tempCounter = 0;

/**
 * True when the file already holds this content: everything before
 * generatedAt and jobId (the manifest's last fields) is equal. Reading a small
 * file costs far less than an atomic rewrite, and a picker reloads nothing.
 */
async function unchanged(file: string, body: string): Promise<boolean> {
  const cut = body.lastIndexOf(',"generatedAt":');
  let old: string;
  try {
    old = await readFileAsync(file, "utf8");
  } catch {
    return false;
  }
  return cut > 0 && old.length > cut && old.startsWith(',"generatedAt":', cut) && old.slice(0, cut) === body.slice(0, cut);
}

export class FilePublisher implements Publisher {
  constructor(private readonly root: string) {}

  folderOf(platform: PlatformTarget): string {
    return path.join(this.root, platform.tenantId, platform.target);
  }

  async deliver(platform: PlatformTarget, manifests: ManifestText[]): Promise<void> {
    const dir = this.folderOf(platform);
    await mkdirAsync(dir, { recursive: true });
    // Unique per process and write; the pid keeps two processes sharing the folder apart.
    const prefix = `.${process.pid}.`;
    await Promise.all(
      manifests.map(async (m) => {
        const file = path.join(dir, manifestFileName(m.userId));
        const body = m.text;
        if (await unchanged(file, body)) return;
        const tmp = path.join(dir, `${prefix}${tempCounter++}.tmp`);
        await writeFileAsync(tmp, body);
        await renameAsync(tmp, file);
      }),
    );
  }
}
