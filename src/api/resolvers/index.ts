import type { NonEmptyArray } from "type-graphql";
import { SkillResolver } from "./skill.resolver.js";
import { ViewerResolver } from "./viewer.resolver.js";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [ViewerResolver, SkillResolver];
