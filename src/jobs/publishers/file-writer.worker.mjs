// The FILE publisher's writer (plain JavaScript: a worker thread loads it
// as it is, under tsx, vitest or plain node). Each message is one batch of
// manifests for one folder; each file is compared with the content it would
// replace (everything before "generatedAt", the manifest's last fields) and,
// when it differs, written atomically: a temp file, then a rename, so a reader
// never sees half a manifest. Synchronous calls on this thread: one write
// after another is faster here than many at once through the thread pool, and
// none of it runs on the gateway's event loop.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parentPort, threadId } from "node:worker_threads";

const MARK = ',"generatedAt":';
let counter = 0;

function unchanged(file, text) {
  const cut = text.lastIndexOf(MARK);
  if (cut <= 0) return false;
  let old;
  try {
    old = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  return old.length > cut && old.startsWith(MARK, cut) && old.slice(0, cut) === text.slice(0, cut);
}

parentPort.on("message", ({ id, dir, files }) => {
  try {
    mkdirSync(dir, { recursive: true });
    let written = 0;
    for (const [name, text] of files) {
      const file = path.join(dir, name);
      if (unchanged(file, text)) continue;
      // Unique per process, thread and write: two processes may share the folder.
      const tmp = path.join(dir, `.${process.pid}.${threadId}.${counter++}.tmp`);
      writeFileSync(tmp, text);
      renameSync(tmp, file);
      written++;
    }
    parentPort.postMessage({ id, written });
  } catch (e) {
    // The code only (EACCES, ENOSPC, …): a job's error is shown to the tenant, the server's paths are not.
    parentPort.postMessage({ id, error: typeof e?.code === "string" ? e.code : "write error" });
  }
});
