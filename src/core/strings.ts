// What a string must be to cross into storage: every database the gateway runs on
// can hold it. PostgreSQL text refuses NUL; a lone UTF-16 surrogate has no UTF-8
// encoding (drivers either fail or silently replace it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why the string cannot be stored, or null when it can. */
export function badStringReason(s: string): string | null {
  if (s.includes("\u0000")) return "must not contain a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(s)) return "must be well-formed Unicode (it holds a lone UTF-16 surrogate)";
  return null;
}
