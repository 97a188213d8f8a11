import { Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { Viewer } from "../types/viewer.types.js";

@Resolver(() => Viewer)
export class ViewerResolver {
  /** Any valid token may ask who it is; no scope needed. */
  @Query(() => Viewer)
  viewer(@Ctx() ctx: Context): Viewer {
    return { subject: ctx.principal.subject, tenantId: ctx.tenantId, scopes: [...ctx.principal.scopes] };
  }
}
