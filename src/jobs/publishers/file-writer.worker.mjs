// The FILE publisher's writer (plain JavaScript: a worker thread loads it
// as it is, under tsx, vitest or plain node). Each message is one batch of
// manifests for one folder; each file is compared with the content it would
// replace (everything before "generatedAt", the manifest's last fields) and,
// when it differs, written atomically: a temp file, then a rename, so a reader
// never sees half a manifest. Synchronous calls on this thread: one write
// after another is faster here than many at once through the thread pool, and
// none of it runs on the gateway's event loop.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parentPort, threadId } from "node:worker_threads";

const MARK = Buffer.from(',"generatedAt":');
let counter = 0;

/** The file holds this content up to and with the generatedAt mark (the rest is generatedAt and jobId). */
function unchanged(file, bytes) {
  const cut = bytes.lastIndexOf(MARK);
  if (cut <= 0) return false;
  let old;
  try {
    old = readFileSync(file);
  } catch {
    return false;
  }
  const end = cut + MARK.length;
  return old.length > end && bytes.compare(old, 0, end, 0, end) === 0;
}

// One message per batch: the file names, and the texts as UTF-8 in one transferred buffer.
parentPort.on("message", ({ id, dir, names, lengths, buffer }) => {
  try {
    mkdirSync(dir, { recursive: true });
    let written = 0;
    let offset = 0;
    for (let i = 0; i < names.length; i++) {
      const bytes = Buffer.from(buffer, offset, lengths[i]);
      offset += lengths[i];
      const file = path.join(dir, names[i]);
      if (unchanged(file, bytes)) continue;
      // Unique per process, thread and write: two processes may share the folder.
      const tmp = path.join(dir, `.${process.pid}.${threadId}.${counter++}.tmp`);
      try {
        writeFileSync(tmp, bytes);
        renameSync(tmp, file);
      } catch (e) {
        // No half-written temp file left behind (a full disk, a folder gone).
        try {
          rmSync(tmp, { force: true });
        } catch {
          // the first error is the one to report
        }
        throw e;
      }
      written++;
    }
    parentPort.postMessage({ id, written });
  } catch (e) {
    // The code only (EACCES, ENOSPC, …): a job's error is shown to the tenant, the server's paths are not.
    parentPort.postMessage({ id, error: typeof e?.code === "string" ? e.code : "write error" });
  }
});
