// FILE delivery: one JSON manifest per user under
// <PUBLISH_DIR>/<tenant>/<platform target>/<user id>.json, written atomically
// (temp file then rename), so a reader never sees half a manifest, and not
// written at all when the file already holds the same content. The writing
// happens on a worker thread (file-writer.worker.mjs): 20,000 files a change is
// seconds of file system calls that would otherwise sit on the event loop.
import { Worker } from "node:worker_threads";
import path from "node:path";
import type { ManifestText } from "../manifest.js";
import type { PlatformTarget, Publisher } from "./publisher.js";

/** User ids hold ':' and '@'; keep file names portable and reversible enough to read. */
export function manifestFileName(userId: string): string {
  return `${userId.replace(/[^A-Za-z0-9._@+-]/g, "_")}.json`;
}

type Reply = { id: number; written?: number; error?: string };

export class FilePublisher implements Publisher {
  private writer: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (written: number) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(private readonly root: string) {}

  folderOf(platform: PlatformTarget): string {
    return path.join(this.root, platform.tenantId, platform.target);
  }

  async deliver(platform: PlatformTarget, manifests: ManifestText[]): Promise<void> {
    await this.write(this.folderOf(platform), manifests);
  }

  /**
   * One batch, written in order; resolves with how many files differed from what
   * was there. The texts travel as UTF-8 in one buffer handed over to the thread
   * (no copy), not as strings the message would clone.
   */
  private write(dir: string, manifests: ManifestText[]): Promise<number> {
    const writer = this.thread();
    const id = this.nextId++;
    // Part by part: the skills part is shared with the other platforms of the publish, never copied into one string.
    const lengths = manifests.map((m) => m.parts.reduce((n, part) => n + Buffer.byteLength(part), 0));
    const bytes = Buffer.allocUnsafeSlow(lengths.reduce((a, b) => a + b, 0));
    let offset = 0;
    for (const m of manifests) for (const part of m.parts) offset += bytes.write(part, offset);
    const names = manifests.map((m) => manifestFileName(m.userId));
    return new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      writer.ref(); // while a batch is out, the thread keeps the process alive
      writer.postMessage({ id, dir, names, lengths, buffer: bytes.buffer }, [bytes.buffer]);
    });
  }

  async close(): Promise<void> {
    const writer = this.writer;
    this.writer = null;
    await writer?.terminate();
  }

  private thread(): Worker {
    if (this.writer) return this.writer;
    const writer = new Worker(new URL("./file-writer.worker.mjs", import.meta.url));
    writer.unref();
    writer.on("message", (r: Reply) => {
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      if (this.pending.size === 0) writer.unref();
      if (r.error !== undefined) p?.reject(new Error(`FILE delivery failed (${r.error})`));
      else p?.resolve(r.written ?? 0);
    });
    // A thread that dies fails what it held; the next batch starts a new one.
    const lost = () => {
      if (this.writer === writer) this.writer = null;
      for (const p of this.pending.values()) p.reject(new Error("FILE delivery failed (writer stopped)"));
      this.pending.clear();
    };
    writer.on("error", lost);
    writer.on("exit", lost);
    this.writer = writer;
    return writer;
  }
}
