// The CLI's pure parts: the job progress display (in place on a terminal, a line
// per change otherwise), id suggestions, expiry parsing and the exit code table.
import { PassThrough } from "node:stream";
import { describe, expect, test } from "vitest";
import { nearest } from "../../src/client/cli/hints.js";
import { parseExpiry } from "../../src/client/cli/commands/kit.js";
import { EXIT, exitCodeFor } from "../../src/client/cli/exit-codes.js";
import { JobProgress, Output, jobLine } from "../../src/client/cli/output.js";
import type { PublishJobState } from "../../src/client/subscribe.js";

const job = (over: Partial<PublishJobState>): PublishJobState => ({
  id: "pub_1",
  status: "RUNNING",
  scope: "USER",
  scopeId: "user:a@b.c",
  trigger: "entitlement_change",
  usersTotal: 4,
  usersPublished: 1,
  attempts: 1,
  error: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  startedAt: null,
  finishedAt: null,
  lagSeconds: null,
  platform: { id: "anthropic-claude-enterprise", name: "Claude" },
  ...over,
});

function capture(tty: boolean) {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty, columns: 200 });
  let text = "";
  stdout.on("data", (b: Buffer) => (text += b.toString()));
  return { out: new Output(false, { stdout, stderr: new PassThrough() }), text: () => text };
}

describe("job progress", () => {
  test("the bar fills with usersPublished and is full once SUCCEEDED", () => {
    expect(jobLine(job({}))).toContain("[######------------------]  25%  1/4 users  RUNNING");
    expect(jobLine(job({ status: "SUCCEEDED", usersPublished: 4, lagSeconds: 0.5 }))).toMatch(/\[#{24}\] 100% {2}4\/4 users {2}SUCCEEDED {2}lag 0\.50 s$/);
    expect(jobLine(job({ status: "FAILED", usersPublished: 0, error: "webhook answered HTTP 500" }))).toMatch(/ {2}0% .*FAILED {2}webhook answered HTTP 500$/);
  });

  test("on a terminal jobs are redrawn in place; elsewhere each visible change is one line", () => {
    const tty = capture(true);
    const p = new JobProgress(tty.out);
    p.update(job({ id: "pub_1" }));
    p.update(job({ id: "pub_2" }));
    p.update(job({ id: "pub_1", status: "SUCCEEDED", usersPublished: 4 }));
    // The third draw moves up over both lines and redraws them.
    expect(tty.text().split("\x1b[2A")).toHaveLength(2);
    expect(tty.text().split("\x1b[1A")).toHaveLength(2);
    expect(tty.text().endsWith("\n")).toBe(true);

    const pipe = capture(false);
    const q = new JobProgress(pipe.out);
    q.update(job({}));
    q.update(job({}));
    q.update(job({ usersPublished: 2 }));
    expect(pipe.text().split("\n").filter(Boolean)).toHaveLength(2);
    expect(pipe.text()).not.toContain("\x1b[");
  });
});

describe("ids and flags", () => {
  test("nearest suggests across case, separators and small typos, and nothing far off", () => {
    const known = ["firmware_engineer", "claresia-eng-pilot", "gatespic.incident-postmortem"];
    expect(nearest("firmware-engineer", known)).toBe("firmware_engineer");
    expect(nearest("Claresia_Eng_Pilot", known)).toBe("claresia-eng-pilot");
    expect(nearest("gatespic.incident-postmortum", known)).toBe("gatespic.incident-postmortem");
    expect(nearest("terraform", known)).toBeUndefined();
  });

  test("--expires takes durations and ISO date-times", () => {
    const now = Date.parse("2026-12-01T00:00:00.000Z");
    expect(parseExpiry("30d", now)).toBe("2026-12-31T00:00:00.000Z");
    expect(parseExpiry("12h", now)).toBe("2026-12-01T12:00:00.000Z");
    expect(parseExpiry("2027-01-02T03:04:05Z", now)).toBe("2027-01-02T03:04:05.000Z");
    expect(() => parseExpiry("soon", now)).toThrow(/neither a duration/);
  });

  test("every gateway code has its exit code; unknown codes count as the server's", () => {
    expect(exitCodeFor("BAD_USER_INPUT")).toBe(EXIT.USAGE);
    expect(exitCodeFor("GRAPHQL_VALIDATION_FAILED")).toBe(EXIT.USAGE);
    expect(exitCodeFor("FORBIDDEN")).toBe(EXIT.AUTH);
    expect(exitCodeFor("NOT_FOUND")).toBe(EXIT.NOT_FOUND);
    expect(exitCodeFor("LOCKED")).toBe(EXIT.CONFLICT);
    expect(exitCodeFor("SKILL_NOT_GRANTABLE")).toBe(EXIT.CONFLICT);
    expect(exitCodeFor("NETWORK_ERROR")).toBe(EXIT.SERVER);
    expect(exitCodeFor("SOMETHING_NEW")).toBe(EXIT.SERVER);
  });
});
