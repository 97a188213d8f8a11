// Issue 10 items 6 and 7 over real HTTP: repository locations never read the
// server's file system outside the operator's roots, never reach another
// tenant's folder, never tell whether a path exists; git never reaches loopback
// or private addresses, and its errors are generic.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLONE_FAILED } from "../../src/catalog/repository-reader.js";
import { GIT_REFUSED, LOCAL_REFUSED } from "../../src/catalog/repository-location.js";
import { startGateway, stringClient, token, type E2EGateway, type StringClient } from "./helpers.js";

const CREATE = `mutation($input: CreateRepositoryInput!) { createRepository(input: $input) { id location } }`;
const SYNC = `mutation($id: ID!) { syncRepository(id: $id) { discovered { id } errors } }`;
const manifest = (name: string) => `---\nname: ${name}\ndescription: A skill.\n---\nDo ${name} things.\n`;

function write(base: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(base, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", ...args], { cwd, stdio: "pipe" });

/** A listener that records every request it gets; `answer` decides what it does. */
async function listener(answer: "404" | "hang") {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (answer === "404") res.writeHead(404).end("no");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { hits, port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function refusal(r: { body: any }) {
  const e = r.body.errors?.[0];
  expect(e?.extensions, JSON.stringify(r.body)).toMatchObject({ code: "BAD_USER_INPUT" });
  return e.message as string;
}

describe("repository locations (item 6)", () => {
  let gw: E2EGateway;
  let base: string;
  let acme: StringClient;
  let globex: StringClient;

  beforeAll(async () => {
    base = mkdtempSync(path.join(tmpdir(), "gw-hostile-repos-"));
    write(base, {
      "acme/skills/alpha/SKILL.md": manifest("alpha"),
      "globex/own/beta/SKILL.md": manifest("beta"),
    });
    for (let i = 0; i < 50; i++) write(base, { [`acme/many/f${i}.md`]: "x" });
    write(base, { "acme/big/SKILL.md": manifest("big"), "acme/big/blob.bin": randomBytes(2 * 1024 * 1024) });
    symlinkSync(path.join(base, "acme/skills"), path.join(base, "globex/link-to-acme"));
    gw = await startGateway({
      env: {
        REPOSITORY_ROOTS: base,
        REPOSITORY_MAX_FILES: "40",
        REPOSITORY_MAX_BYTES: String(1024 * 1024),
        GIT_ALLOWED_SCHEMES: "https,http,file",
        GIT_ALLOWED_HOSTS: "*",
        GIT_CLONE_MAX_BYTES: String(1024 * 1024),
      },
    });
    acme = stringClient(gw.url, await token({ tenant: "acme" }));
    globex = stringClient(gw.url, await token({ tenant: "globex" }));
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it("the server's own folders are refused, all with one message", async () => {
    const locations = ["/", "/etc", "/root", "/usr", gw.app.config.dataDir, process.cwd(), path.join(process.cwd(), "src"), base];
    for (const [i, location] of locations.entries()) {
      const r = await acme.run(CREATE, { input: { id: `sys-${i}`, name: "x", location } });
      expect(refusal(r), location).toBe(LOCAL_REFUSED);
    }
    expect((await acme.ok(`{ repositories { id } }`)).repositories).toEqual([]);
  });

  it("missing, another tenant's, a file, and a symlink out are indistinguishable", async () => {
    const cases: [StringClient, string][] = [
      [acme, path.join(base, "acme/no-such-folder")],
      [acme, path.join(base, "acme/skills/alpha/SKILL.md")],
      [globex, path.join(base, "acme/skills")],
      [globex, path.join(base, "globex/link-to-acme")],
      [globex, path.join(base, "globex/../acme/skills")],
    ];
    const messages = [];
    for (const [client, location] of cases) messages.push(refusal(await client.run(CREATE, { input: { name: "x", location } })));
    expect(new Set(messages)).toEqual(new Set([LOCAL_REFUSED]));
  });

  it("a tenant's own folder under the root works, and globex never sees acme's skills", async () => {
    await acme.ok(CREATE, { input: { id: "skills", name: "Skills", location: path.join(base, "acme/skills") } });
    const r = await acme.ok(SYNC, { id: "skills" });
    expect(r.syncRepository.discovered).toEqual([{ id: "alpha" }]);
    await globex.ok(CREATE, { input: { id: "own", name: "Own", location: path.join(base, "globex/own") } });
    expect((await globex.ok(SYNC, { id: "own" })).syncRepository.discovered).toEqual([{ id: "beta" }]);
  });

  it("a folder swapped for a symlink after registration is refused at sync", async () => {
    const folder = path.join(base, "globex/swapped");
    mkdirSync(folder);
    await globex.ok(CREATE, { input: { id: "swapped", name: "Swapped", location: folder } });
    rmSync(folder, { recursive: true });
    symlinkSync(path.join(base, "acme/skills"), folder);
    expect(refusal(await globex.run(SYNC, { id: "swapped" }))).toBe(LOCAL_REFUSED);
  });

  it("the walk is bounded in files and bytes", async () => {
    await acme.ok(CREATE, { input: { id: "many", name: "Many", location: path.join(base, "acme/many") } });
    expect(refusal(await acme.run(SYNC, { id: "many" }))).toMatch(/more than 40 files/);
    await acme.ok(CREATE, { input: { id: "big", name: "Big", location: path.join(base, "acme/big") } });
    expect(refusal(await acme.run(SYNC, { id: "big" }))).toMatch(/larger than 1 MiB/);
  });

  it("git clones are bounded in size", async () => {
    const repo = path.join(base, "acme/bigrepo");
    write(repo, { "SKILL.md": manifest("bigrepo"), "blob.bin": randomBytes(3 * 1024 * 1024) });
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "big");
    await acme.ok(CREATE, { input: { id: "bigrepo", name: "Big repo", location: `file://${repo}` } });
    expect(refusal(await acme.run(SYNC, { id: "bigrepo" }))).toMatch(/larger than 1 MiB \(GIT_CLONE_MAX_BYTES\)/);
  });

  it("git never reaches loopback, link-local or private addresses, even with every host allowed", async () => {
    const inside = await listener("404");
    try {
      for (const [i, location] of [
        `http://127.0.0.1:${inside.port}/internal/admin`,
        `http://localhost:${inside.port}/internal/admin`,
        `http://[::1]:${inside.port}/x`,
        `http://0x7f000001:${inside.port}/x`,
        `http://2130706433:${inside.port}/x`,
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/x.git",
        "http://192.168.1.1/x.git",
        "http://[::ffff:127.0.0.1]/x.git",
      ].entries()) {
        const created = await acme.run(CREATE, { input: { id: `ssrf-${i}`, name: "x", location } });
        if (created.body.errors) {
          expect(refusal(created)).toBe(GIT_REFUSED);
          continue;
        }
        expect(refusal(await acme.run(SYNC, { id: `ssrf-${i}` }))).toBe(GIT_REFUSED);
      }
      expect(inside.hits).toEqual([]);
    } finally {
      await inside.close();
    }
  });

  it("schemes outside the list are refused (ssh, git, ext::) ", async () => {
    for (const location of ["ssh://git@github.com/acme/x.git", "git@github.com:acme/x.git", "git://github.com/acme/x.git"]) {
      expect(refusal(await acme.run(CREATE, { input: { name: "x", location } }))).toBe(GIT_REFUSED);
    }
  });
});

describe("git defaults and errors (item 7)", () => {
  let gw: E2EGateway;
  let api: StringClient;
  let gw2: E2EGateway;
  let api2: StringClient;
  let repoDir: string;

  beforeAll(async () => {
    repoDir = mkdtempSync(path.join(tmpdir(), "gw-hostile-git-"));
    gw = await startGateway(); // nothing configured: the defaults
    api = stringClient(gw.url, await token());
    gw2 = await startGateway({
      env: { GIT_ALLOWED_SCHEMES: "http", GIT_ALLOWED_HOSTS: "127.0.0.1:*", GIT_ALLOW_PRIVATE_NETWORKS: "1", GIT_CLONE_TIMEOUT_MS: "1500" },
    });
    api2 = stringClient(gw2.url, await token());
  });
  afterAll(async () => {
    await gw?.close();
    await gw2?.close();
    rmSync(repoDir, { recursive: true, force: true });
  });

  it("by default: https to the listed hosts only; no local folders, file://, http or other hosts", async () => {
    write(repoDir, { "SKILL.md": manifest("x") });
    git(repoDir, "init", "-q");
    for (const location of [repoDir, `file://${repoDir}`, `${repoDir}/.git`, "http://github.com/acme/x.git", "https://intranet.example/x.git"]) {
      const message = refusal(await api.run(CREATE, { input: { name: "x", location } }));
      expect([LOCAL_REFUSED, GIT_REFUSED]).toContain(message);
    }
    const ok = await api.ok(CREATE, { input: { id: "gh", name: "GitHub", location: "https://github.com/acme/skills.git" } });
    expect(ok.createRepository.location).toBe("https://github.com/acme/skills.git");
  });

  it("a host that answers 404, a closed port and a host that never answers give the same generic error", async () => {
    const answering = await listener("404");
    const hanging = await listener("hang");
    const closed = await listener("404");
    const closedPort = closed.port;
    await closed.close();
    try {
      const messages: string[] = [];
      for (const [id, port] of [["answers", answering.port], ["closed", closedPort], ["hangs", hanging.port]] as const) {
        await api2.ok(CREATE, { input: { id, name: id, location: `http://127.0.0.1:${port}/repo.git` } });
        const r = await api2.run(SYNC, { id });
        messages.push(refusal(r));
        // The answer's errors, not its cost extension: resetAt's milliseconds may read "404".
        expect(JSON.stringify([r.body.errors, r.body.data])).not.toMatch(/fatal|404|refused|port|127\.0\.0\.1/i);
      }
      expect(messages).toEqual([CLONE_FAILED, CLONE_FAILED, CLONE_FAILED]);
      expect(answering.hits.length).toBeGreaterThan(0); // it was really asked, and its answer stayed hidden
    } finally {
      await answering.close();
      await hanging.close();
    }
  });
});
