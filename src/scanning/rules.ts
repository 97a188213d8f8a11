// Pure content scanner for a skill version: no I/O, no clock. The rule catalogue is
// exported as data so the README can document exactly what a scan looks for.
//
// Every pattern is anchored on a literal keyword and its gaps are bounded, so a
// 256 KiB single-line file cannot make a regex backtrack quadratically.
//
// Each file is matched as written and as a model reads it (normalize.ts: NFKC,
// no invisible characters, Latin look-alikes folded, inline markup dropped), and
// credential shapes also with split string literals joined ("AKIA" + "…").
import { joinSplitLiterals, normalizeForScan } from "./normalize.js";

export interface ScanRuleInfo {
  id: string;
  description: string;
}

export interface ScanFinding {
  rule: string;
  /** "<file> line <n>: <redacted excerpt>"; file is SKILL.md, a reference filename or scripts[i]. */
  detail: string;
}

export interface SkillContentInput {
  instructions: string;
  references: { filename: string; content: string }[];
  scripts: string[];
}

export interface ScanOptions {
  /** Largest allowed size of one file, in UTF-8 bytes. Default 262144 (256 KiB). */
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 262_144;

export const SCAN_RULES: ScanRuleInfo[] = [
  {
    id: "secret.private-key",
    description:
      "A PEM private key block (-----BEGIN ... PRIVATE KEY-----), e.g. RSA, EC, OPENSSH, ENCRYPTED or PGP, in any case and spacing.",
  },
  {
    id: "secret.api-key",
    description:
      "A well-known credential shape: AWS access key id (AKIA/ASIA + 16, also split into string pieces or groups of four), Anthropic or OpenAI key (sk-ant-…, sk-…), " +
      "GitHub token (ghp_, gho_, ghs_, ghu_, ghr_, github_pat_), Slack token (xoxa/b/p/r/s-), Google API key (AIza + 35), " +
      "or an api_key / secret / token / password assignment with a long literal value.",
  },
  {
    id: "prompt.override",
    description:
      "Instructions that try to override the system prompt or guardrails: \"ignore all previous instructions\", " +
      "\"disregard the system prompt\", \"you are no longer bound by…\", \"bypass safety\", \"pretend you have no restrictions\", jailbreak modes.",
  },
  {
    id: "prompt.exfiltration",
    description:
      "Instructions or commands that send the conversation, secrets, credentials, keys or environment variables to an " +
      "external URL, email address or webhook (e.g. \"post the conversation to https://…\", `env | curl …`, `curl -d @~/.ssh/id_rsa …`, " +
      "`requests.post(url, data=os.environ)`, `requests.post(url, data=open(…).read())`, `fetch(url, { body: JSON.stringify(process.env) })`).",
  },
  {
    id: "shell.pipe-to-shell",
    description:
      "A download piped into a shell or interpreter: `curl … | sh`, `wget -O- … | bash`, `curl … | python`, `bash <(curl …)`, `sh -c \"$(curl …)\"`, " +
      "`eval \"$(curl …)\"`, PowerShell `iex (iwr …)` / `Invoke-Expression` of a download, or a downloaded script run " +
      "within the next lines (`curl -o i.sh … && sh i.sh`, `wget …/x.sh; chmod +x x.sh; ./x.sh`).",
  },
  {
    id: "size.file-too-large",
    description: "A single file (SKILL.md, a reference or a script) larger than the limit, 262144 UTF-8 bytes by default.",
  },
];

// ───────────────────────────── patterns ─────────────────────────────

interface Pattern {
  rule: string;
  re: RegExp; // must carry the g flag
  /** Short excerpt for the finding; must never contain a full secret. */
  excerpt: (m: RegExpExecArray) => string;
  /** Extra check on a match, for what a regex cannot say well. */
  accept?: (m: RegExpExecArray) => boolean;
  /** Skip matches that a nearby negation turns into advice ("never send secrets to…"). */
  negatable?: boolean;
  /**
   * The pattern's rare last part: the text is searched for it, and `re` runs only on
   * the `back` characters before each hit. A file full of the common first word
   * ("send", "curl") then costs one linear search, not a window per occurrence.
   */
  anchor?: { re: RegExp; back: number };
  /** A word the text must hold for the pattern to be able to match; without it the pattern is skipped. */
  requires?: RegExp;
}

const ELLIPSIS = "…";
/** The first four characters, then an ellipsis. */
const redact = (secret: string): string => secret.slice(0, 4) + ELLIPSIS;

// Known credential shapes; shared by secret.api-key and by excerpt redaction.
const KEY_SHAPES: RegExp[] = [
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  // sk-… keys are random: demand a digit and an upper-case letter so slugs like
  // "sk-learn-compatible-pipeline" or the tail of "task-list" never match.
  /(?<![A-Za-z0-9_-])sk-(?=[A-Za-z0-9_-]{0,300}[0-9])(?=[A-Za-z0-9_-]{0,300}[A-Z])[A-Za-z0-9_-]{20,}/g,
  /\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,}/g,
  /\bxox[abprs]-(?=[A-Za-z0-9-]{0,300}[0-9])[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
];

// An AWS key id written in groups of four (AKIA IOSF ODNN 7EXA MPLE); a digit is required so prose never matches.
const AWS_GROUPED = /\b(?:AKIA|ASIA)(?=[A-Z0-9 \t-]{0,24}[0-9])(?:[ \t-]?[A-Z0-9]{4}){4}(?![A-Za-z0-9])/g;

const SECRET_KEY_NAME =
  "api[_-]?key|apikey|secret[_-]?(?:access[_-]?)?key|client[_-]?secret|secret|" +
  "(?:access|auth|bearer|refresh|api)[_-]?token|private[_-]?key|password|passwd|passphrase|pwd";
const ASSIGNMENT = new RegExp(
  `(?<![A-Za-z0-9])(${SECRET_KEY_NAME})["']?[ \\t]*[:=][ \\t]*` +
    `(?:"([^"\\s]{8,200})"|'([^'\\s]{8,200})'|([^\\s"'\`,;()\\[\\]{}<>]{12,200}))`,
  "gi",
);
const PLACEHOLDER = /^(?:(.)\1*|[$%~/].*|\.\.?\/.*|[a-z][a-z0-9+.-]*:\/\/.*|.*(?:example|placeholder|redacted|changeme|dummy|your[_-]|xxxx|\*\*\*\*|process\.env|os\.environ|getenv).*)$/i;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/; // password=DB_PASSWORD names a variable, not a value
const DOTTED_REF = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/; // api_key = settings.openai_key

function assignmentValue(m: RegExpExecArray): string {
  return m[2] ?? m[3] ?? m[4] ?? "";
}

function acceptAssignment(m: RegExpExecArray): boolean {
  const value = assignmentValue(m);
  if (PLACEHOLDER.test(value)) return false;
  if (m[4] !== undefined && (ENV_NAME.test(value) || DOTTED_REF.test(value))) return false;
  return true;
}

// Private copies: String.replace resets lastIndex, which must not disturb a scan loop.
const REDACT_SHAPES = KEY_SHAPES.map((re) => new RegExp(re.source, re.flags));
const REDACT_ASSIGNMENT = new RegExp(ASSIGNMENT.source, ASSIGNMENT.flags);

/** Replaces credential shapes, assignment values and long URL query values inside an excerpt. */
function redactSecrets(text: string): string {
  let out = text;
  for (const re of REDACT_SHAPES) out = out.replace(re, (s) => redact(s));
  out = out.replace(REDACT_ASSIGNMENT, (whole: string, _key: string, dq?: string, sq?: string, bare?: string) => {
    const value = dq ?? sq ?? bare ?? "";
    const quote = bare === undefined ? whole.slice(-1) : "";
    return whole.slice(0, whole.length - value.length - quote.length) + redact(value) + quote;
  });
  return out.replace(/([?&][^=\s&#]{1,40}=)([^&\s#"']{5,})/g, (_s, k: string, v: string) => k + redact(v));
}

const EXCERPT_MAX = 60;
/** A readable excerpt of non-secret matches: whitespace collapsed, cut, secrets redacted. */
function phrase(m: RegExpExecArray): string {
  const text = redactSecrets(m[0].replace(/\s+/g, " ").trim());
  return text.length > EXCERPT_MAX ? text.slice(0, EXCERPT_MAX) + ELLIPSIS : text;
}

// prompt.override
const OVERRIDE_QUALIFIER = "previous|prior|above|earlier|preceding|foregoing|original|initial|existing|system|developer|safety";
const OVERRIDE_TARGET =
  "instructions?|prompts?|messages?|rules|directions|directives|guidelines|guardrails|constraints|polic(?:y|ies)|programming|context";
const OVERRIDE: RegExp[] = [
  new RegExp(
    `\\b(?:ignore|disregard|forget|override)\\s+(?:(?:all|any|each|every)\\s+)?(?:(?:of\\s+)?(?:the|your|my|these|those)\\s+)?` +
      `(?:(?:${OVERRIDE_QUALIFIER})\\s+){1,2}(?:${OVERRIDE_TARGET})\\b`,
    "gi",
  ),
  /\byou\s*(?:are|'re|’re)\s+no\s+longer\s+(?:bound|restricted|constrained|limited|governed)\s+by\b/gi,
  /\byou\s*(?:are|'re|’re)\s+(?:now\s+)?(?:free\s+from|not\s+bound\s+by|released\s+from)\s+(?:any|all|your|the)\s+(?:rules|guidelines|polic(?:y|ies)|restrictions|instructions|safety|guardrails|system\s+prompt)\b/gi,
  /\b(?:bypass|circumvent|evade|get\s+around|work\s+around)\s+(?:(?:the|your|any|all|its|these|those|of)\s+){0,2}(?:safety|guardrails?|content\s+(?:filters?|polic(?:y|ies)|moderation)|moderation|safeguards?|alignment|ethical\s+guidelines|system\s+prompt|usage\s+polic(?:y|ies))\b/gi,
  /\b(?:disable|turn\s+off|switch\s+off|remove)\s+(?:(?:the|your|any|all|its|these|those|of)\s+){0,2}(?:safety\s+(?:filters?|guidelines|rules|guardrails|restrictions|polic(?:y|ies))|guardrails|content\s+(?:filters?|polic(?:y|ies)|moderation))\b/gi,
  /\b(?:pretend|act\s+as\s+if|behave\s+as\s+if|imagine)\s+(?:that\s+)?you\s+(?:have|had|are\s+under)\s+no\s+(?:restrictions|rules|guidelines|limits|limitations|filters|guardrails|policies|constraints)\b/gi,
  /\b(?:enter|enable|activate|switch\s+to)\s+(?:DAN|jailbreak|jailbroken|god|unrestricted)\s+mode\b|\b(?:DAN|jailbreak)\s+mode\s+(?:enabled|activated|on)\b/gi,
];
// Contains its own negation, so it is not negatable.
const OVERRIDE_NEGATED =
  /\b(?:do\s+not|don't|don’t|never|stop)\s+(?:follow|following|obey|obeying|adhere\s+to|comply\s+with)\s+(?:the|your|any)\s+(?:system\s+(?:prompt|message)|previous\s+instructions|original\s+instructions|safety\s+guidelines|guardrails|content\s+polic(?:y|ies))\b/gi;

// prompt.exfiltration
const EXFIL_VERB = "send|upload|post|forward|transmit|exfiltrate|leak|e-?mail|submit|copy|paste|share|relay|beam";
const EXFIL_WHAT =
  "conversations?|chat\\s+(?:history|logs?|transcripts?)|transcripts?|(?:message|prompt)\\s+history|system\\s+prompts?|" +
  "secrets?|credentials?|passwords?|api[\\s_-]?keys?|access\\s+keys?|(?:access|auth|session|bearer|api|oauth|refresh|github)\\s+tokens?|" +
  "env(?:ironment)?\\s+var(?:iable)?s|ssh\\s+keys?|private\\s+keys?|cookies|keychain";
const EXFIL_DEST =
  "https?:\\/\\/|ftp:\\/\\/|wss?:\\/\\/|www\\.|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+|" +
  "(?:(?:an?|the|this|that|my|our|following|some)\\s+){0,2}(?:external|remote|third[-\\s]party|outside|attacker(?:'s)?|personal|private)\\s+" +
  "(?:server|url|endpoint|address|host|site|domain|webhook|inbox|email(?:\\s+address)?|api)|" +
  "(?:(?:an?|the|this|that|my|our|following)\\s+){0,2}(?:webhook|pastebin|requestbin|ngrok)";
const EXFILTRATION = new RegExp(
  `\\b(?:${EXFIL_VERB})\\b[^\\n]{0,80}?(?:\\b(?:${EXFIL_WHAT})\\b|\\.env\\b)[^\\n]{0,120}?\\b(?:to|into|at|via|using|through)\\s+(?:${EXFIL_DEST})`,
  "gi",
);
const EXFIL_ANCHOR = new RegExp(`\\b(?:to|into|at|via|using|through)\\s+(?:${EXFIL_DEST})`, "gi");
const SENSITIVE_FILE = "\\.env\\b|id_(?:rsa|dsa|ecdsa|ed25519)\\b|\\.ssh\\/|\\.aws\\/credentials|\\.netrc\\b|\\.npmrc\\b|\\.git-credentials\\b|\\.docker\\/config\\.json|\\/etc\\/shadow\\b";
const EXFIL_UPLOAD_ANCHOR = new RegExp(`\\$\\(\\s*(?:env|printenv|cat\\s)|${SENSITIVE_FILE}|\\$\\{?[A-Z_]*(?:SECRET|TOKEN|PASSWORD|API_KEY|ACCESS_KEY)`, "g");
const EXFIL_COMMANDS: RegExp[] = [
  // env | curl …, cat ~/.ssh/id_rsa | nc …
  new RegExp(`(?:\\b(?:env|printenv)\\b|\\bcat\\s+[^\\n|;]{0,120}?(?:${SENSITIVE_FILE}))[^\\n|;]{0,40}\\|\\s*(?:curl|wget|nc|ncat|netcat|socat)\\b`, "g"),
  // curl -d @~/.ssh/id_rsa …, curl --data "$(env)" …, curl -F "k=$AWS_SECRET_ACCESS_KEY" …
  new RegExp(
    `\\b(?:curl|wget|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\\b[^\\n]{0,200}?\\s(?:-d|--data(?:-binary|-raw|-urlencode)?|-F|--form|-T|--upload-file|--post-data|--post-file|-Body|-InFile)[\\s=][^\\n]{0,200}?` +
      `(?:\\$\\(\\s*(?:env|printenv|cat\\s)|${SENSITIVE_FILE}|\\$\\{?[A-Z_]*(?:SECRET|TOKEN|PASSWORD|API_KEY|ACCESS_KEY)[A-Z_]*)`,
    "g",
  ),
];

// Code that posts the environment or a file's contents: Python requests/httpx/urllib, JavaScript fetch/axios.
const ENV_OR_FILE =
  "\\bos\\.environ\\b(?!\\s*(?:\\[|\\.get))|\\bdict\\s*\\(\\s*os\\.environ\\s*\\)|\\bopen\\s*\\([^\\n]{0,200}?\\)\\s*\\.\\s*read\\s*\\(|" +
  "\\bprocess\\.env\\b(?!\\s*(?:\\.|\\[))|\\breadFileSync\\s*\\(";
const EXFIL_CODE: RegExp[] = [
  new RegExp(
    `\\b(?:requests|httpx|session|aiohttp|urllib\\.request|urllib2|axios)\\s*\\.\\s*(?:post|put|patch|request|urlopen|Request)\\s*\\([^\\n]{0,300}?(?:${ENV_OR_FILE})`,
    "g",
  ),
  new RegExp(`\\bfetch\\s*\\([^\\n]{0,300}?\\bbody\\s*:[^\\n]{0,200}?(?:${ENV_OR_FILE})`, "g"),
];

// shell.pipe-to-shell
// A shell, or an interpreter reading its program from stdin (python -m json.tool or -c "…" reads data, not code).
const SHELL =
  "(?:\\/usr\\/(?:local\\/)?bin\\/|\\/bin\\/)?(?:(?:ba|z|k|da|fi|a)?sh\\b|" +
  "(?:python[23]?(?:\\.\\d+)?|perl|ruby|node|php|pwsh)(?![\\w.-])(?!\\s+-[cme]\\b)(?!\\s+\\S*\\.(?:py|pl|rb|js|php)\\b))";
const DOWNLOAD_CONTINUED = "(?:[^\\n|]|\\\\\\r?\\n)"; // any char of the command, or a line continuation
const PIPE_TO_SHELL: RegExp[] = [
  // curl … | sh, wget -O- … | sudo bash, curl … | tee x | sh (but not curl … || bash fallback.sh)
  new RegExp(
    `\\b(?:curl|wget)\\b${DOWNLOAD_CONTINUED}{0,400}(?:(?<!\\|)\\|(?!\\|)${DOWNLOAD_CONTINUED}{0,200}){0,3}?(?<!\\|)\\|(?!\\|)\\s*` +
      `(?:sudo\\s+(?:-\\S+\\s+)*)?(?:env\\s+(?:\\S+=\\S*\\s+)*)?${SHELL}`,
    "g",
  ),
  // bash <(curl …), source <(wget …), . <(curl …)
  /(?:\b(?:(?:ba|z|k|da)?sh|source)|(?<![\w.])\.)\s+(?:-\S+\s+)*<\(\s*(?:sudo\s+)?(?:curl|wget)\b/g,
  // bash -c "$(curl …)", eval "$(wget …)", eval `curl …`
  /\b(?:(?:ba|z|k|da)?sh\s+-c|eval)\s+["']?(?:\$\(|`)\s*(?:curl|wget)\b/g,
  // iex (iwr …), Invoke-Expression (New-Object Net.WebClient).DownloadString(…)
  /\b(?:iex|Invoke-Expression)\b[^\n]{0,200}?\b(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod|DownloadString|Net\.WebClient|curl|wget)\b/gi,
  // iwr … | iex, (New-Object Net.WebClient).DownloadString(…) | Invoke-Expression
  /\b(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod|DownloadString|curl|wget)\b[^\n]{0,300}?\|\s*(?:iex|Invoke-Expression)\b/gi,
];

// A downloaded script run a little later: the run is matched, the download is looked for in the 3 lines before it.
const RUN_SCRIPT =
  /(?:^|&&|;|`|\bthen\b|\bdo\b)[ \t]*(?:sudo[ \t]+(?:-\S+[ \t]+)*)?(?:(?:(?:ba|z|k|da)?sh|source|python[23]?(?:\.\d+)?|perl|ruby|node|pwsh)[ \t]+(?:-\S+[ \t]+)*[^\s;&|]{0,200}?\.(?:sh|bash|py|pl|rb|js|ps1)\b|\.[ \t]+[^\s;&|]{0,200}?\.(?:sh|bash)\b|\.\/[\w.-]{1,100})/gm;
const DOWNLOAD_BEFORE = /\b(?:curl|wget|Invoke-WebRequest|iwr)\b[^\n]{0,300}?(?:\.(?:sh|bash|py|pl|rb|js|ps1)\b|[ \t]-(?:o|O|OutFile)\b|--output)/;
function downloadedBefore(m: RegExpExecArray): boolean {
  // The run's own line up to the run, and the 3 lines before it.
  const recent = m.input.slice(Math.max(0, m.index - 600), m.index).split("\n").slice(-4).join("\n");
  const d = DOWNLOAD_BEFORE.exec(recent);
  if (!d) return false;
  const end = recent.indexOf("\n", d.index);
  const downloadLine = recent.slice(d.index, end === -1 ? undefined : end);
  // The file it runs must be the one downloaded (named in the download, or saved under its remote name by -O).
  const file = /([\w.-]+)$/.exec(m[0].trim())?.[1] ?? "";
  return file.length > 0 && (downloadLine.includes(file) || /[ \t]-O\b/.test(downloadLine));
}

const PATTERNS: Pattern[] = [
  {
    rule: "secret.private-key",
    re: /-{2,}[ \t]*BEGIN[ \t]+(?:[A-Z0-9]+[ \t]+){0,4}PRIVATE[ \t]+KEY(?:[ \t]+BLOCK)?[ \t]*-{2,}/gi,
    excerpt: (m) => m[0].replace(/[ \t]+/g, " "), // the header names the key type and holds no key material
  },
  ...KEY_SHAPES.map((re): Pattern => ({ rule: "secret.api-key", re, excerpt: (m) => redact(m[0]) })),
  { rule: "secret.api-key", re: AWS_GROUPED, excerpt: (m) => redact(m[0]) },
  {
    rule: "secret.api-key",
    re: ASSIGNMENT,
    excerpt: (m) => `${m[1]}=${redact(assignmentValue(m))}`,
    accept: acceptAssignment,
  },
  ...OVERRIDE.map((re): Pattern => ({ rule: "prompt.override", re, excerpt: phrase, negatable: true })),
  { rule: "prompt.override", re: OVERRIDE_NEGATED, excerpt: phrase },
  { rule: "prompt.exfiltration", re: EXFILTRATION, excerpt: phrase, negatable: true, anchor: { re: EXFIL_ANCHOR, back: 400 } },
  { rule: "prompt.exfiltration", re: EXFIL_COMMANDS[0]!, excerpt: phrase },
  { rule: "prompt.exfiltration", re: EXFIL_COMMANDS[1]!, excerpt: phrase, anchor: { re: EXFIL_UPLOAD_ANCHOR, back: 520 } },
  ...EXFIL_CODE.map((re): Pattern => ({ rule: "prompt.exfiltration", re, excerpt: phrase })),
  ...PIPE_TO_SHELL.slice(0, 4).map((re): Pattern => ({ rule: "shell.pipe-to-shell", re, excerpt: phrase })),
  { rule: "shell.pipe-to-shell", re: PIPE_TO_SHELL[4]!, excerpt: phrase, anchor: { re: /\|\s*(?:iex|Invoke-Expression)\b/gi, back: 360 } },
  { rule: "shell.pipe-to-shell", re: RUN_SCRIPT, excerpt: phrase, accept: downloadedBefore, requires: /\b(?:curl|wget|Invoke-WebRequest|iwr)\b/ },
];

/** The rules that look at credential shapes, run again on text with split literals joined. */
const SECRET_PATTERNS = PATTERNS.filter((p) => p.rule.startsWith("secret."));

/** How many raw matches one rule's patterns find in a text: the scanner's benchmark times a rule with it. */
export function countRuleMatches(rule: string, text: string): number {
  let n = 0;
  for (const p of PATTERNS) if (p.rule === rule) for (const _ of matchesOf(p, text)) n++;
  return n;
}

const NEGATION = /\b(?:never|not|don't|don’t|cannot|can't|mustn't|shouldn't|avoid|refuse\s+to)\s+(?:\w+\s+){0,2}$/i;
/** True when one of the two words before the match negates it ("never send", "do not ever upload"). */
function negated(text: string, index: number): boolean {
  return NEGATION.test(text.slice(Math.max(0, index - 40), index));
}

// ───────────────────────────── scanning ─────────────────────────────

interface Located {
  fileIndex: number;
  line: number;
  column: number;
  rule: string;
  detail: string;
}

/** Offsets of every "\n", for line lookups by binary search. */
function newlineOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) out.push(i);
  return out;
}

function lineAt(newlines: number[], index: number): number {
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (newlines[mid] < index) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function scanFile(fileIndex: number, name: string, text: string, maxBytes: number, out: Located[]): void {
  const bytes = utf8Bytes(text);
  if (bytes > maxBytes) {
    out.push({ fileIndex, line: 1, column: 0, rule: "size.file-too-large", detail: `${name} line 1: ${bytes} bytes, over the ${maxBytes}-byte limit` });
  }
  const seen = new Set<string>(); // one finding per rule and line
  const variants: [string, Pattern[]][] = [[text, PATTERNS]];
  const normalized = normalizeForScan(text);
  if (normalized !== text) variants.push([normalized, PATTERNS]);
  const joined = joinSplitLiterals(normalized);
  if (joined !== normalized) variants.push([joined, SECRET_PATTERNS]);
  for (const [variant, patterns] of variants) matchAll(fileIndex, name, variant, patterns, seen, out);
}

/** Every match of the pattern in the text, each with `index` and `input` relative to the whole text. */
function* matchesOf(p: Pattern, text: string): Generator<RegExpExecArray> {
  if (p.requires && !p.requires.test(text)) return;
  if (!p.anchor) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m !== null; m = p.re.exec(text)) {
      if (m[0].length === 0) p.re.lastIndex++;
      yield m;
    }
    return;
  }
  const anchor = p.anchor.re;
  anchor.lastIndex = 0;
  let covered = 0; // windows never overlap, so no match is found twice
  for (let a = anchor.exec(text); a !== null; a = anchor.exec(text)) {
    if (a[0].length === 0) anchor.lastIndex++;
    const end = a.index + a[0].length;
    const from = Math.max(covered, a.index - p.anchor.back, 0);
    const window = text.slice(from, end);
    p.re.lastIndex = 0;
    for (let m = p.re.exec(window); m !== null; m = p.re.exec(window)) {
      if (m[0].length === 0) p.re.lastIndex++;
      m.index += from;
      m.input = text;
      yield m;
    }
    covered = end;
  }
}

function matchAll(fileIndex: number, name: string, text: string, patterns: Pattern[], seen: Set<string>, out: Located[]): void {
  const newlines = newlineOffsets(text);
  for (const p of patterns) {
    for (const m of matchesOf(p, text)) {
      if (p.accept && !p.accept(m)) continue;
      if (p.negatable && negated(text, m.index)) continue;
      const line = lineAt(newlines, m.index);
      const key = `${p.rule}\n${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ fileIndex, line, column: m.index, rule: p.rule, detail: `${name} line ${line}: ${p.excerpt(m)}` });
    }
  }
}

function cmp(a: Located, b: Located): number {
  if (a.fileIndex !== b.fileIndex) return a.fileIndex - b.fileIndex;
  if (a.line !== b.line) return a.line - b.line;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.column - b.column;
}

/**
 * Scans SKILL.md, every reference and every script. Findings are ordered by file
 * (SKILL.md, references in the given order, scripts by index), then line, then rule.
 */
export function scanSkillContent(content: SkillContentInput, options: ScanOptions = {}): ScanFinding[] {
  const limit = options.maxFileBytes;
  const maxBytes = limit !== undefined && Number.isFinite(limit) && limit >= 0 ? limit : DEFAULT_MAX_FILE_BYTES;
  const found: Located[] = [];
  let fileIndex = 0;
  scanFile(fileIndex++, "SKILL.md", content.instructions, maxBytes, found);
  for (const ref of content.references) scanFile(fileIndex++, ref.filename, ref.content, maxBytes, found);
  content.scripts.forEach((script, i) => scanFile(fileIndex++, `scripts[${i}]`, script, maxBytes, found));
  return found.sort(cmp).map(({ rule, detail }) => ({ rule, detail }));
}
