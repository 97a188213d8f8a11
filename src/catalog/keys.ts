// Caller-visible keys: ^[a-z0-9][a-z0-9._:@+-]{0,127}$, unique per tenant.
import { badInput } from "../core/errors.js";

export const KEY_PATTERN = /^[a-z0-9][a-z0-9._:@+-]{0,127}$/;

export function checkKey(id: string, field: string): string {
  if (!KEY_PATTERN.test(id)) {
    throw badInput(`"${id}" is not a valid id: lowercase letters, digits and . _ : @ + - (at most 128, starting with a letter or digit)`, field);
  }
  return id;
}

// The SKILL.md folder format owns the slug rule (its names are slugs); the catalog's ids use the same.
export { slugify } from "../skill-folders/format.js";

/** Id derived from a name when none is given: the slug, dots kept for namespaces. */
export function idFromName(name: string): string {
  const id = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+|-+$/g, "")
    .slice(0, 128);
  return id || "skill";
}

export function publisherOf(id: string): string | null {
  const dot = id.indexOf(".");
  return dot > 0 ? id.slice(0, dot) : null;
}
