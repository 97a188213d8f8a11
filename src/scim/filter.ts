// SCIM filter expressions (RFC 7644 §3.4.2.2): attrPath op value, attrPath pr,
// and / or / not with parentheses, and valuePath brackets (emails[type eq
// "work"]). Bounded: at most 1000 characters and 16 levels of nesting, so a
// hostile filter costs a bounded parse and answers 400 invalidFilter.
import type { FilterNode, FilterOp } from "../services/scim-directory.service.js";
import { ScimError } from "./errors.js";

export const MAX_FILTER_LENGTH = 1000;
const MAX_DEPTH = 16;
const OPS = new Set(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);

type Token = { t: "word"; v: string } | { t: "str"; v: string } | { t: "(" | ")" | "[" | "]" };

function invalid(detail: string): ScimError {
  return new ScimError(400, "invalidFilter", detail);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (c === "(" || c === ")" || c === "[" || c === "]") {
      out.push({ t: c });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let raw = "";
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\") {
          raw += src.slice(j, j + 2);
          j += 2;
        } else raw += src[j++];
      }
      if (j >= src.length) throw invalid("Unterminated string in filter");
      try {
        out.push({ t: "str", v: JSON.parse(`"${raw}"`) as string });
      } catch {
        throw invalid("Invalid escape in a filter string");
      }
      i = j + 1;
    } else {
      let j = i;
      while (j < src.length && !' \t\n\r()[]"'.includes(src[j])) j++;
      out.push({ t: "word", v: src.slice(i, j) });
      i = j;
    }
  }
  return out;
}

export function parseFilter(src: string): FilterNode {
  if (src.length > MAX_FILTER_LENGTH) throw invalid(`A filter is at most ${MAX_FILTER_LENGTH} characters`);
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const word = (w: string) => {
    const tk = peek();
    return tk?.t === "word" && tk.v.toLowerCase() === w;
  };

  function expr(depth: number, prefix: string): FilterNode {
    if (depth > MAX_DEPTH) throw invalid(`A filter nests at most ${MAX_DEPTH} levels`);
    let left = term(depth, prefix);
    while (word("or")) {
      pos++;
      left = { kind: "or", left, right: term(depth, prefix) };
    }
    return left;
  }

  function term(depth: number, prefix: string): FilterNode {
    let left = factor(depth, prefix);
    while (word("and")) {
      pos++;
      left = { kind: "and", left, right: factor(depth, prefix) };
    }
    return left;
  }

  function factor(depth: number, prefix: string): FilterNode {
    const tk = peek();
    if (!tk) throw invalid("The filter ends too early");
    if (word("not")) {
      pos++;
      if (peek()?.t !== "(") throw invalid('"not" must be followed by "("');
      pos++;
      const node = expr(depth + 1, prefix);
      if (peek()?.t !== ")") throw invalid('Missing ")"');
      pos++;
      return { kind: "not", node };
    }
    if (tk.t === "(") {
      pos++;
      const node = expr(depth + 1, prefix);
      if (peek()?.t !== ")") throw invalid('Missing ")"');
      pos++;
      return node;
    }
    if (tk.t !== "word") throw invalid("Expected an attribute name");
    pos++;
    const attr = prefix + tk.v;
    if (!/^[A-Za-z0-9:._$-]{1,200}$/.test(tk.v)) throw invalid(`"${tk.v}" is not an attribute name`);
    if (peek()?.t === "[") {
      pos++;
      const node = expr(depth + 1, `${attr}.`);
      if (peek()?.t !== "]") throw invalid('Missing "]"');
      pos++;
      return node;
    }
    const opTk = peek();
    if (opTk?.t !== "word") throw invalid(`Expected an operator after "${tk.v}"`);
    const op = opTk.v.toLowerCase();
    pos++;
    if (op === "pr") return { kind: "cmp", attr, op: "pr", value: null };
    if (!OPS.has(op)) throw invalid(`"${opTk.v}" is not a filter operator`);
    const vTk = peek();
    if (!vTk || (vTk.t !== "str" && vTk.t !== "word")) throw invalid(`"${tk.v} ${op}" needs a value`);
    pos++;
    let value: string | number | boolean | null;
    if (vTk.t === "str") value = vTk.v;
    else if (vTk.v === "true" || vTk.v === "false") value = vTk.v === "true";
    else if (vTk.v === "null") value = null;
    else if (/^-?\d+(\.\d+)?$/.test(vTk.v)) value = Number(vTk.v);
    else throw invalid(`"${vTk.v}" is not a filter value (strings are quoted)`);
    return { kind: "cmp", attr, op: op as FilterOp, value };
  }

  if (!tokens.length) throw invalid("The filter is empty");
  const node = expr(0, "");
  if (pos !== tokens.length) throw invalid("Unexpected text after the filter");
  return node;
}

/** Evaluates a filter against a plain object (multi-valued sub-attributes, PATCH path brackets). */
export function matches(node: FilterNode, obj: Record<string, unknown>): boolean {
  switch (node.kind) {
    case "and":
      return matches(node.left, obj) && matches(node.right, obj);
    case "or":
      return matches(node.left, obj) || matches(node.right, obj);
    case "not":
      return !matches(node.node, obj);
  }
  const key = node.attr.split(".").at(-1)!.toLowerCase();
  const entry = Object.entries(obj).find(([k]) => k.toLowerCase() === key);
  const actual = entry?.[1];
  if (node.op === "pr") return actual !== undefined && actual !== null && actual !== "";
  const norm = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
  const a = norm(typeof actual === "string" && (actual === "True" || actual === "False") ? actual === "True" : actual);
  const b = norm(node.value);
  switch (node.op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "co":
      return typeof a === "string" && typeof b === "string" && a.includes(b);
    case "sw":
      return typeof a === "string" && typeof b === "string" && a.startsWith(b);
    case "ew":
      return typeof a === "string" && typeof b === "string" && a.endsWith(b);
    default: {
      if ((typeof a !== "string" && typeof a !== "number") || typeof a !== typeof b) return false;
      const [x, y] = [a as string | number, b as string | number];
      return node.op === "gt" ? x > y : node.op === "ge" ? x >= y : node.op === "lt" ? x < y : x <= y;
    }
  }
}
