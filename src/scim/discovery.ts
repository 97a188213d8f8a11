// SCIM discovery (RFC 7643 §5–7, RFC 7644 §4): what this server supports, which
// resource types it serves, and the attributes of each schema it maps.
import { GROUP_SCHEMA } from "./group.resource.js";
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from "./user.resource.js";
import { MAX_PAGE } from "../services/scim-directory.service.js";

const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

export function serviceProviderConfig(base: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: "https://github.com/skill-gateway#scim-20-for-identity-providers",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      { type: "oauthbearertoken", name: "OAuth Bearer Token", description: "A gateway JWT with the directory:write scope; the tenant is the token's tid.", primary: true },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypes(base: string) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A person of the directory",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A directory group (its augments and blocks apply to its members)",
      schema: GROUP_SCHEMA,
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/Group` },
    },
  ];
}

const attr = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: "string",
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

export function schemas(base: string) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: USER_SCHEMA,
      name: "User",
      description: "User Account",
      attributes: [
        attr("userName", { required: true, uniqueness: "server" }),
        attr("name", {
          type: "complex",
          subAttributes: [attr("formatted"), attr("familyName"), attr("givenName")],
        }),
        attr("displayName"),
        attr("externalId", { caseExact: true }),
        attr("active", { type: "boolean" }),
        attr("emails", {
          type: "complex",
          multiValued: true,
          subAttributes: [attr("value"), attr("type"), attr("primary", { type: "boolean" })],
        }),
        attr("groups", {
          type: "complex",
          multiValued: true,
          mutability: "readOnly",
          subAttributes: [attr("value", { mutability: "readOnly" }), attr("display", { mutability: "readOnly" }), attr("type", { mutability: "readOnly" })],
        }),
      ],
      meta: { resourceType: "Schema", location: `${base}/Schemas/${USER_SCHEMA}` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: GROUP_SCHEMA,
      name: "Group",
      description: "Group",
      attributes: [
        attr("displayName", { required: true }),
        attr("externalId", { caseExact: true }),
        attr("members", {
          type: "complex",
          multiValued: true,
          subAttributes: [attr("value", { mutability: "immutable" }), attr("display", { mutability: "readOnly" }), attr("type", { mutability: "immutable" })],
        }),
      ],
      meta: { resourceType: "Schema", location: `${base}/Schemas/${GROUP_SCHEMA}` },
    },
  ];
}

export function listResponse<T>(resources: T[], total: number, startIndex: number) {
  return { schemas: [LIST], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
}
