// A catalog skill's configuration per scope (global or a team group): it names
// both a skill and a group, so it sits beside the catalog and directory types.
import { Field, ObjectType, ID, registerEnumType } from "type-graphql";
import { GraphQLDateTime, GraphQLJSONObject } from "graphql-scalars";
import { ConfigScope } from "../../core/enums.js";
import { Skill } from "./catalog.types.js";
import { Group } from "./directory.types.js";
import { connectionType } from "./pagination.types.js";
export { ConfigScope };

@ObjectType({ description: "Persisted configuration of a catalog skill for a scope (global, or one team)." })
export class SkillConfig {
  @Field(() => ID)
  id!: string;
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => ConfigScope)
  scope!: ConfigScope;
  @Field(() => Group, { nullable: true, description: "The team group, when scope is TEAM." })
  team?: Group | null;
  @Field(() => Boolean)
  enabled!: boolean;
  @Field(() => String, { nullable: true, description: "Pinned version; null follows the skill's currentVersion." })
  pinnedVersion?: string | null;
  @Field(() => GraphQLJSONObject)
  settings!: Record<string, unknown>;
  @Field(() => String, { nullable: true })
  createdBy?: string | null;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
  @Field(() => GraphQLDateTime)
  updatedAt!: Date;
}

registerEnumType(ConfigScope, {
  name: "ConfigScope",
});

export const SkillConfigConnection = connectionType("SkillConfig", () => SkillConfig);
export type SkillConfigConnection = InstanceType<typeof SkillConfigConnection>;

