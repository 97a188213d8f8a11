import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Skill } from "../types/catalog.types.js";
import { QuarantineMode, QuarantinePolicy, ScanFinding, ScanJob } from "../types/distribution.types.js";
import * as scanning from "../../services/scanning.service.js";
import type { ScanFindingRow, ScanJobRow } from "../../services/scanning.service.js";

@Resolver(() => ScanJob)
export class ScanningResolver {
  @Authorized("skills:read")
  @Query(() => QuarantinePolicy)
  quarantinePolicy(@Ctx() ctx: Context) {
    return scanning.getQuarantinePolicy(ctx);
  }

  @Authorized("skills:read")
  @Query(() => ScanJob, { nullable: true })
  scanJob(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return scanning.getScanJob(ctx, id);
  }

  @Authorized("skills:write")
  @Mutation(() => QuarantinePolicy)
  setQuarantinePolicy(@Ctx() ctx: Context, @Arg("mode", () => QuarantineMode) mode: QuarantineMode) {
    return scanning.setQuarantinePolicy(ctx, mode);
  }

  @Authorized("skills:write")
  @Mutation(() => ScanJob, { description: "Scans the given skills (all when omitted) for the rules the project documents." })
  startScan(@Ctx() ctx: Context, @Arg("skillIds", () => [ID], { nullable: true }) skillIds: string[] | null) {
    return scanning.startScan(ctx, skillIds);
  }

  @FieldResolver(() => [ScanFinding])
  findings(@Root() job: ScanJobRow, @Ctx() ctx: Context) {
    return ctx.loaders.scanFindingsByJob.load(job.id);
  }
}

@Resolver(() => ScanFinding)
export class ScanFindingResolver {
  @FieldResolver(() => Skill)
  skill(@Root() finding: ScanFindingRow, @Ctx() ctx: Context) {
    return ctx.loaders.skill.load(finding.skillId);
  }
}
