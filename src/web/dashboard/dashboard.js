// The publish dashboard. Only the public API: queries and mutations over HTTP
// POST /graphql, live updates over graphql-ws on the same URL. Nothing here is
// trusted as HTML: every value is written with textContent.
"use strict";

const JOB_FIELDS = `id status trigger scope scopeId usersTotal usersPublished attempts error createdAt finishedAt lagSeconds platform { id name }`;
const FINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);
const MAX_JOBS = 30;
const MAX_EVENTS = 200;

const $ = (id) => document.getElementById(id);
const state = { token: "", jobs: new Map(), lastEventId: null, ws: null, disposers: [], retry: null, platforms: [] };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return node;
}

async function gql(query, variables = {}) {
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${state.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new Error(`${e.extensions?.code ?? "ERROR"}: ${e.message}`);
  }
  return body.data;
}

function setConn(text, cls) {
  const c = $("conn");
  c.textContent = text;
  c.className = `conn ${cls}`;
}

// ───────────── jobs ─────────────

function percent(job) {
  if (job.status === "SUCCEEDED") return 100;
  if (!job.usersTotal) return 0;
  return Math.min(100, Math.round((job.usersPublished / job.usersTotal) * 100));
}

function lag(job) {
  return job.lagSeconds == null ? "—" : `${job.lagSeconds.toFixed(job.lagSeconds < 10 ? 2 : 0)} s`;
}

function renderJob(job) {
  const pct = percent(job);
  let row = document.querySelector(`tr[data-job="${CSS.escape(job.id)}"]`);
  const history = row ? row.getAttribute("data-history").split(",") : [];
  if (history[history.length - 1] !== job.status) history.push(job.status);
  const fresh = el(
    "tr",
    { "data-job": job.id, "data-status": job.status, "data-progress": String(pct), "data-history": history.join(",") },
    el("td", { class: "id", title: job.id }, job.id),
    el("td", {}, job.platform?.name ?? job.platform?.id ?? ""),
    el("td", {}, job.scopeId ? `${job.scope} ${job.scopeId}` : job.scope),
    el("td", {}, job.trigger),
    el("td", {}, el("span", { class: `status ${job.status}` }, job.status), job.error ? el("div", { class: "error" }, job.error) : ""),
    el(
      "td",
      {},
      el("div", { class: "bar", role: "progressbar", ariaValueNow: String(pct), ariaValueMin: "0", ariaValueMax: "100" },
        el("div", { style: `width:${pct}%` }),
        el("span", {}, `${pct} % · ${job.usersPublished}/${job.usersTotal}`)),
    ),
    el("td", {}, lag(job)),
  );
  fresh.querySelector(".bar > div").style.width = `${pct}%`;
  const body = $("jobs");
  body.querySelector(".empty")?.remove();
  if (row) row.replaceWith(fresh);
  else body.prepend(fresh);
  while (body.children.length > MAX_JOBS) body.lastElementChild.remove();
}

function upsertJob(job) {
  state.jobs.set(job.id, job);
  renderJob(job);
  renderPlatforms();
}

function renderPlatforms() {
  const list = $("platforms");
  list.replaceChildren();
  const ids = new Set([...state.platforms.map((p) => p.id), ...[...state.jobs.values()].map((j) => j.platform?.id)]);
  ids.delete(undefined);
  if (!ids.size) return list.append(el("li", { class: "empty" }, "No platforms."));
  for (const id of ids) {
    const platform = state.platforms.find((p) => p.id === id);
    const last = [...state.jobs.values()]
      .filter((j) => j.platform?.id === id && FINAL.has(j.status))
      .sort((a, b) => String(b.finishedAt).localeCompare(String(a.finishedAt)))[0];
    list.append(
      el("li", { "data-platform": id },
        el("span", {}, el("strong", {}, platform?.name ?? id), platform && !platform.enabled ? " (disabled)" : "", el("br"), el("small", {}, platform?.delivery ?? "")),
        el("span", {}, last ? el("span", { class: `status ${last.status}` }, last.status) : el("span", { class: "empty" }, "no result yet"), last ? ` · lag ${lag(last)}` : "")),
    );
  }
}

// ───────────── governance events ─────────────

function addEvent(e) {
  if (state.lastEventId !== null && Number(e.id) <= Number(state.lastEventId)) return;
  state.lastEventId = e.id;
  const list = $("events");
  list.prepend(
    el("li", { "data-event": e.id, title: `${e.actor} at ${e.occurredAt}` },
      el("span", { class: "seq" }, e.id),
      el("span", { class: "kind" }, e.kind),
      el("span", { class: "subjects" }, `${e.actor} · ${e.subjects.join(", ")}`)),
  );
  while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
}

// ───────────── usage ─────────────

const USAGE_ROWS = 10;
const number = (n) => Math.round(n).toLocaleString("en");

function usageRows(body, rows, cells) {
  body.replaceChildren();
  if (!rows.length) return body.append(el("tr", { class: "empty" }, el("td", { colSpan: 4 }, "None in this window.")));
  for (const r of rows) body.append(el("tr", { "data-skill": r.skill.id }, el("td", { class: "id", title: r.skill.name }, r.skill.id), ...cells(r).map((c) => el("td", { class: "num" }, c))));
}

/** Offered versus used: the most used skills and the effective (or assigned) ones few use, over the chosen window. */
async function loadUsage() {
  const days = Number($("usage-days").value);
  const status = $("usage-status");
  status.textContent = "loading…";
  try {
    const since = new Date(Date.now() - days * 86_400_000).toISOString();
    const data = await gql(
      `query($w: UsageWindowInput!, $days: Int!, $n: Int!) {
        topSkills(first: $n, window: $w) { skill { id name } invocations inputTokens outputTokens costUsd }
        unusedEntitlements(days: $days, first: $n) { skill { id name } entitledUsers activeUsers assignedAgents activeAgents invocations }
      }`,
      { w: { since }, days, n: USAGE_ROWS },
    );
    usageRows($("top-skills"), data.topSkills, (r) => [number(r.invocations), `${number(r.inputTokens)} / ${number(r.outputTokens)}`, `$${r.costUsd.toFixed(2)}`]);
    usageRows($("unused"), data.unusedEntitlements, (r) => [`${number(r.entitledUsers)} / ${number(r.activeUsers)}`, `${number(r.assignedAgents)} / ${number(r.activeAgents)}`, number(r.invocations)]);
    status.textContent = `as of ${new Date().toLocaleTimeString()}`;
    status.dataset.loaded = String(days);
  } catch (e) {
    status.textContent = String(e.message ?? e);
    delete status.dataset.loaded;
  }
}

$("usage-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  void loadUsage();
});

// ───────────── live connection ─────────────

function disconnect() {
  clearTimeout(state.retry);
  for (const d of state.disposers) d();
  state.disposers = [];
  state.ws?.dispose();
  state.ws = null;
}

function subscribe(query, variables, onData, onEnd) {
  const dispose = state.ws.subscribe({ query, variables }, {
    next: (r) => (r.data ? onData(r.data) : console.warn(r.errors)),
    error: (err) => onEnd(err),
    complete: () => onEnd(null),
  });
  state.disposers.push(dispose);
}

function scheduleReconnect() {
  if (state.retry) return;
  setConn("reconnecting…", "err");
  state.retry = setTimeout(() => {
    state.retry = null;
    void connect(false);
  }, 2000);
}

async function connect(initial) {
  disconnect();
  setConn("connecting…", "off");
  try {
    const data = await gql(`{
      viewer { subject tenantId scopes }
      distributionPlatforms { id name enabled delivery }
      publishJobs(first: ${MAX_JOBS}) { nodes { ${JOB_FIELDS} } }
      governanceEvents(last: 20) { nodes { id kind actor subjects occurredAt } }
    }`);
    $("who").textContent = `${data.viewer.subject} in tenant ${data.viewer.tenantId} (${data.viewer.scopes.join(" ")})`;
    state.platforms = data.distributionPlatforms;
    for (const job of [...data.publishJobs.nodes].reverse()) upsertJob(job);
    renderPlatforms();
    if (initial || state.lastEventId === null) for (const e of data.governanceEvents.nodes) addEvent(e);
    // Its own request: a token that may not read usage still gets the rest of the dashboard.
    void loadUsage();
  } catch (e) {
    setConn(String(e.message ?? e), "err");
    return;
  }
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
  state.ws = graphqlWs.createClient({
    url,
    connectionParams: { authorization: `Bearer ${state.token}` },
    lazy: false,
    retryAttempts: 0,
    on: {
      connected: () => setConn("live", "on"),
      closed: (ev) => {
        if (ev?.code === 4403) setConn("token refused", "err");
        else scheduleReconnect();
      },
    },
  });
  subscribe(`subscription { publishJobUpdated { ${JOB_FIELDS} } }`, {}, (d) => upsertJob(d.publishJobUpdated), scheduleReconnect);
  // Resumes after the last event shown, so a reconnect neither skips nor repeats one.
  subscribe(
    `subscription($after: ID) { governanceEvents(after: $after) { id kind actor subjects occurredAt } }`,
    { after: state.lastEventId },
    (d) => addEvent(d.governanceEvents),
    scheduleReconnect,
  );
}

// ───────────── dry-run form ─────────────

const CHANGE_FIELDS = `dryRun added removed affectedUsers publishLagEstimateSeconds warnings publishJobs { id status platform { id } }`;
const CHANGES = {
  archetypeAdd: (t, s, _r, dry) => [`mutation($t: ID!, $s: [ID!], $dry: Boolean) { updateArchetypeSkills(archetypeId: $t, addSkills: $s, dryRun: $dry) { change { ${CHANGE_FIELDS} } } }`, { t, s, dry }],
  archetypeRemove: (t, s, _r, dry) => [`mutation($t: ID!, $s: [ID!], $dry: Boolean) { updateArchetypeSkills(archetypeId: $t, removeSkills: $s, dryRun: $dry) { change { ${CHANGE_FIELDS} } } }`, { t, s, dry }],
  groupAugment: (t, s, _r, dry) => [`mutation($t: ID!, $s: [ID!]!, $dry: Boolean) { addGroupAugment(groupId: $t, skillIds: $s, dryRun: $dry) { change { ${CHANGE_FIELDS} } } }`, { t, s, dry }],
  groupBlock: (t, s, _r, dry) => [`mutation($t: ID!, $s: [ID!]!, $dry: Boolean) { blockSkillsForGroup(groupId: $t, skillIds: $s, dryRun: $dry) { change { ${CHANGE_FIELDS} } } }`, { t, s, dry }],
  grant: (t, s, r, dry) => [`mutation($i: GrantSkillInput!, $dry: Boolean) { grantSkillToUser(input: $i, dryRun: $dry) { change { ${CHANGE_FIELDS} } } }`, { i: { userId: t, skillId: s[0], reason: r || "dashboard" }, dry }],
};

async function runChange(dryRun) {
  const out = $("payload");
  const skills = $("skills").value.split(/[\s,]+/).filter(Boolean);
  const [query, variables] = CHANGES[$("kind").value]($("target").value.trim(), skills, $("reason").value.trim(), dryRun);
  out.textContent = dryRun ? "Running the dry run…" : "Applying…";
  try {
    const data = await gql(query, variables);
    out.textContent = JSON.stringify(Object.values(data)[0].change, null, 2);
    out.dataset.done = dryRun ? "dry-run" : "applied";
  } catch (e) {
    out.textContent = String(e.message ?? e);
    out.dataset.done = "error";
  }
}

$("change").addEventListener("submit", (ev) => {
  ev.preventDefault();
  void runChange(true);
});
$("apply").addEventListener("click", () => {
  if ($("change").reportValidity()) void runChange(false);
});

// ───────────── start ─────────────

$("auth").addEventListener("submit", (ev) => {
  ev.preventDefault();
  state.token = $("token").value.trim().replace(/^Bearer\s+/i, "");
  sessionStorage.setItem("gw:token", state.token);
  void connect(true);
});

(async () => {
  const saved = sessionStorage.getItem("gw:token");
  let demo = null;
  try {
    demo = (await (await fetch("config.json")).json()).demoToken;
  } catch {
    /* no config: paste a token */
  }
  state.token = saved || demo || "";
  $("token").value = state.token;
  if (state.token) void connect(true);
  else setConn("paste a token", "off");
})();
