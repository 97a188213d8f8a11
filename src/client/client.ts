// A small typed client for the gateway's public GraphQL API over fetch: one
// generic `request` for any generated document, and one method per common job.
// It knows nothing of the server's code; only the API (schema.graphql).
import type { DocumentTypeDecoration } from "@graphql-typed-document-node/core";
import { SkillGatewayError, type GraphQLErrorBody } from "./errors.js";
import * as ops from "./operations.js";
import type {
  ApplyCoworkInput,
  AssignSkillInput,
  GovernanceEventFilter,
  GrantSkillInput,
  PublishJobFilter,
  RepublishInput,
  SdkUserSkillFoldersQuery,
  SdkUserSkillsQuery,
} from "./gql/graphql.js";
import type { SkillFolderInput } from "../skill-folders/format.js";

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** A bearer token (npm start prints one; `npm run token` mints more). */
  token: string;
  /** Per request; 30 s by default. */
  timeoutMs?: number;
  /** Another fetch (a proxy agent, a test double). */
  fetch?: typeof fetch;
}

export interface DryRunOption {
  /** Run the change in a rolled-back transaction: the payload says exactly what would change. */
  dryRun?: boolean;
}

type Vars<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

export class SkillGatewayClient {
  readonly url: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: ClientOptions) {
    this.url = opts.url;
    this.token = opts.token;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  /** Sends one typed operation; returns its data or throws SkillGatewayError. */
  async request<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    ...[variables]: Vars<TVariables>
  ): Promise<TResult> {
    let res: Response;
    try {
      res = await this.fetchImpl(this.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json, application/json",
          authorization: `Bearer ${this.token}`,
        },
        body: JSON.stringify({ query: String(document), variables: variables ?? {} }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const why = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      throw new SkillGatewayError(`cannot reach ${this.url}: ${why}`, "NETWORK_ERROR", 0, undefined, undefined, [], { cause: e });
    }
    const text = await res.text();
    let body: { data?: TResult | null; errors?: GraphQLErrorBody[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new SkillGatewayError(
        `${this.url} answered HTTP ${res.status} with something that is not a GraphQL response: ${text.slice(0, 200)}`,
        "BAD_RESPONSE",
        res.status,
      );
    }
    if (body.errors?.length) throw SkillGatewayError.fromGraphQL(body.errors, res.status);
    if (!body.data) throw new SkillGatewayError(`HTTP ${res.status} without data or errors`, "BAD_RESPONSE", res.status);
    return body.data;
  }

  // ───────────── reads ─────────────

  async viewer() {
    return (await this.request(ops.ViewerDocument)).viewer;
  }

  /** A user with their effective skills (with every source), blocks and grants; null when there is none. */
  async userSkills(userId: string): Promise<SdkUserSkillsQuery["user"]> {
    return (await this.request(ops.UserSkillsDocument, { id: userId })).user;
  }

  /**
   * Every effective skill of a user with the content of the version it resolves
   * to, ready for the SKILL.md folder format (skill-folders/format.ts); null when
   * the user does not exist. Pages through effectiveSkills 100 at a time.
   */
  async userSkillFolders(userId: string): Promise<SkillFolderInput[] | null> {
    const out: SkillFolderInput[] = [];
    let after: string | null = null;
    for (;;) {
      const user: SdkUserSkillFoldersQuery["user"] = (await this.request(ops.UserSkillFoldersDocument, { id: userId, after })).user;
      if (!user) return null;
      for (const n of user.effectiveSkills.nodes) {
        const v = n.skill.versions.find((x) => !x.isDraft && x.version === n.skillVersion);
        if (!v) continue;
        out.push({ id: n.skill.id, name: n.skill.name, description: n.skill.description ?? null, version: v.version, instructions: v.instructions, references: v.references, scripts: v.scripts });
      }
      const page: { hasNextPage: boolean; endCursor?: string | null } = user.effectiveSkills.pageInfo;
      if (!page.hasNextPage || !page.endCursor) return out;
      after = page.endCursor;
    }
  }

  /** Why a user does or does not see a skill; null when the user does not exist. */
  async explainSkill(userId: string, skillId: string) {
    return (await this.request(ops.ExplainSkillDocument, { userId, skillId })).user?.explainSkill ?? null;
  }

  async skill(id: string) {
    return (await this.request(ops.SkillDocument, { id })).skill;
  }

  async archetype(id: string) {
    return (await this.request(ops.ArchetypeDocument, { id })).archetype;
  }

  async agent(id: string) {
    return (await this.request(ops.AgentDocument, { id })).agent;
  }

  /** Every user for whom the skill is effective now (all pages), or null when the skill does not exist. */
  async entitledUsers(skillId: string): Promise<string[] | null> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { skill }: { skill: { entitledUsers: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } =
        await this.request(ops.SkillEntitledUsersDocument, { skillId, first: 100, after });
      if (!skill) return null;
      ids.push(...skill.entitledUsers.nodes.map((u) => u.id));
      if (!skill.entitledUsers.pageInfo.hasNextPage) return ids;
      after = skill.entitledUsers.pageInfo.endCursor;
    }
  }

  async publishJob(id: string) {
    return (await this.request(ops.PublishJobDocument, { id })).publishJob;
  }

  /** Newest first. */
  async publishJobs(filter?: PublishJobFilter, first = 20) {
    return (await this.request(ops.PublishJobsDocument, { filter, first })).publishJobs;
  }

  /** The latest governance events, oldest first. */
  async governanceEvents(filter: GovernanceEventFilter = {}, last = 20) {
    return (await this.request(ops.GovernanceEventsPageDocument, { filter, last })).governanceEvents.nodes;
  }

  // ───────────── entitlement changes ─────────────

  async grantSkill(input: GrantSkillInput, opts: DryRunOption = {}) {
    return (await this.request(ops.GrantSkillDocument, { input, dryRun: opts.dryRun ?? false })).grantSkillToUser;
  }

  async revokeGrant(grantId: string, opts: DryRunOption = {}) {
    return (await this.request(ops.RevokeGrantDocument, { grantId, dryRun: opts.dryRun ?? false })).revokeUserGrant;
  }

  async blockSkills(groupId: string, skillIds: string[], opts: DryRunOption = {}) {
    return (await this.request(ops.BlockSkillsDocument, { groupId, skillIds, dryRun: opts.dryRun ?? false })).blockSkillsForGroup;
  }

  async unblockSkills(groupId: string, skillIds: string[], opts: DryRunOption = {}) {
    return (await this.request(ops.UnblockSkillsDocument, { groupId, skillIds, dryRun: opts.dryRun ?? false })).unblockSkillsForGroup;
  }

  async addAugment(groupId: string, skillIds: string[], opts: DryRunOption = {}) {
    return (await this.request(ops.AddAugmentDocument, { groupId, skillIds, dryRun: opts.dryRun ?? false })).addGroupAugment;
  }

  async removeAugment(groupId: string, skillIds: string[], opts: DryRunOption = {}) {
    return (await this.request(ops.RemoveAugmentDocument, { groupId, skillIds, dryRun: opts.dryRun ?? false })).removeGroupAugment;
  }

  async updateArchetypeSkills(archetypeId: string, change: { add?: string[]; remove?: string[] }, opts: DryRunOption = {}) {
    const vars = { archetypeId, addSkills: change.add ?? [], removeSkills: change.remove ?? [], dryRun: opts.dryRun ?? false };
    return (await this.request(ops.UpdateArchetypeSkillsDocument, vars)).updateArchetypeSkills;
  }

  async applyCowork(input: ApplyCoworkInput, opts: DryRunOption = {}) {
    return (await this.request(ops.ApplyCoworkDocument, { input, dryRun: opts.dryRun ?? false })).applyCowork;
  }

  // ───────────── agents and distribution ─────────────

  async assignSkill(input: AssignSkillInput) {
    return (await this.request(ops.AssignSkillDocument, { input })).assignSkill;
  }

  async republish(input: RepublishInput) {
    return (await this.request(ops.RepublishDocument, { input })).republish;
  }
}
