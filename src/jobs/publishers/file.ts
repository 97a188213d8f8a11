// FILE delivery: one JSON manifest per user under
// <PUBLISH_DIR>/<tenant>/<platform target>/<user id>.json, written atomically
// (temp file then rename), so a reader never sees half a manifest, and not
// written at all when the file already holds the same content. The writing
// happens on worker threads (file-writer.worker.mjs): 20,000 files a change is
// seconds of file system calls that would otherwise sit on the event loop. Each
// folder is written by one thread, so its batches land in order; with more than
// one thread (FILE_WRITER_THREADS) different folders, the platforms of one
// publish, are written at the same time. Two by default (a second starts only
// when a second folder is written): once the publisher's own work on the event
// loop had shrunk (keys per user, shared entry bytes), one thread writing both
// platforms' 20,000 files was what issue 8's publish waited for on the 2-core
// bench machine, and a second took its slowest round under the target, for
// ~25 MB of resident memory. (Before that, with the event loop the bound, a
// second thread had made the publish no faster.)
import { Worker } from "node:worker_threads";
import path from "node:path";
import type { ManifestText } from "../manifest.js";
import type { PlatformTarget, Publisher } from "./publisher.js";

/** User ids hold ':' and '@'; keep file names portable and reversible enough to read. */
export function manifestFileName(userId: string): string {
  return `${userId.replace(/[^A-Za-z0-9._@+-]/g, "_")}.json`;
}

type Reply = { id: number; written?: number; error?: string };

interface Pending {
  resolve: (written: number) => void;
  reject: (e: Error) => void;
}

export class FilePublisher implements Publisher {
  private readonly writers: (Worker | null)[];
  /** Batches out, per thread. */
  private readonly pending: Map<number, Pending>[];
  /** The thread each folder is written by, in the order folders were first seen. */
  private readonly threadOf = new Map<string, number>();
  private nextId = 0;

  constructor(
    private readonly root: string,
    /** FILE_WRITER_THREADS (config.ts): a folder always goes to the same one. */
    threads = 1,
  ) {
    this.writers = Array.from({ length: Math.max(1, threads) }, () => null);
    this.pending = this.writers.map(() => new Map());
  }

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
    let slot = this.threadOf.get(dir);
    if (slot === undefined) {
      // Bounded by the tenants' platforms; a folder keeps its thread so its batches stay in order.
      slot = this.threadOf.size % this.writers.length;
      this.threadOf.set(dir, slot);
    }
    const writer = this.thread(slot);
    const pending = this.pending[slot];
    const id = this.nextId++;
    // Entry by entry: each skill entry's bytes are made once and shared by every user and platform that holds it.
    const lengths = manifests.map((m) => m.byteLength());
    const bytes = Buffer.allocUnsafeSlow(lengths.reduce((a, b) => a + b, 0));
    let offset = 0;
    for (const m of manifests) offset = m.writeTo(bytes, offset);
    const names = manifests.map((m) => manifestFileName(m.userId));
    return new Promise<number>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      writer.ref(); // while a batch is out, the thread keeps the process alive
      writer.postMessage({ id, dir, names, lengths, buffer: bytes.buffer }, [bytes.buffer]);
    });
  }

  async close(): Promise<void> {
    const writers = this.writers.splice(0, this.writers.length, ...this.writers.map(() => null));
    await Promise.all(writers.map((w) => w?.terminate()));
  }

  private thread(slot: number): Worker {
    const running = this.writers[slot];
    if (running) return running;
    const pending = this.pending[slot];
    const writer = new Worker(new URL("./file-writer.worker.mjs", import.meta.url));
    writer.unref();
    writer.on("message", (r: Reply) => {
      const p = pending.get(r.id);
      pending.delete(r.id);
      if (pending.size === 0) writer.unref();
      if (r.error !== undefined) p?.reject(new Error(`FILE delivery failed (${r.error})`));
      else p?.resolve(r.written ?? 0);
    });
    // A thread that dies fails what it held; the next batch for its folders starts a new one.
    const lost = () => {
      if (this.writers[slot] === writer) this.writers[slot] = null;
      for (const p of pending.values()) p.reject(new Error("FILE delivery failed (writer stopped)"));
      pending.clear();
    };
    writer.on("error", lost);
    writer.on("exit", lost);
    this.writers[slot] = writer;
    return writer;
  }
}
