// SCIM's error shape (RFC 7644 §3.12): { schemas, status, scimType?, detail },
// served as application/scim+json. DomainErrors map here, in one place; anything
// else is masked as a 500 and logged.
import type { Response } from "express";
import { DomainError } from "../core/errors.js";
import { log } from "../ops/log.js";

export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_CONTENT_TYPE = "application/scim+json";

export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | null,
    detail: string,
  ) {
    super(detail);
  }
}

function fromDomain(e: DomainError): ScimError {
  switch (e.code) {
    case "BAD_USER_INPUT":
      return new ScimError(400, e.field === "filter" ? "invalidFilter" : "invalidValue", e.message);
    case "NOT_FOUND":
      // A missing resource named by the URL is 404; a missing thing a body names is a bad value.
      return e.field === "id" ? new ScimError(404, null, e.message) : new ScimError(400, "invalidValue", e.message);
    case "CONFLICT":
      return new ScimError(409, e.field === "userName" ? "uniqueness" : null, e.message);
    case "SKILL_NOT_GRANTABLE":
      return new ScimError(400, "invalidValue", e.message);
    default:
      return new ScimError(e.status, null, e.message);
  }
}

export function sendScimError(res: Response, error: unknown): void {
  let e: ScimError;
  if (error instanceof ScimError) e = error;
  else if (error instanceof DomainError) e = fromDomain(error);
  else if ((error as { type?: string }).type === "entity.parse.failed") e = new ScimError(400, "invalidSyntax", "The request body is not valid JSON");
  else if ((error as { type?: string }).type === "entity.too.large") e = new ScimError(413, null, "The request body is too large");
  else {
    log.error({ err: error }, "SCIM request failed");
    e = new ScimError(500, null, "Internal server error");
  }
  res
    .status(e.status)
    .type(SCIM_CONTENT_TYPE)
    .json({ schemas: [ERROR_SCHEMA], status: String(e.status), ...(e.scimType ? { scimType: e.scimType } : {}), detail: e.message });
}
