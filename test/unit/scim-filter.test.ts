import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { matches, parseFilter, MAX_FILTER_LENGTH } from "../../src/scim/filter.js";
import { ScimError } from "../../src/scim/errors.js";
import { foldGroupPatch } from "../../src/scim/group.resource.js";
import { patchUser, operationsOf, viewFromBody } from "../../src/scim/user.resource.js";

describe("SCIM filters", () => {
  test("the filters Okta and Entra send", () => {
    expect(parseFilter('userName eq "bjensen@example.com"')).toEqual({ kind: "cmp", attr: "userName", op: "eq", value: "bjensen@example.com" });
    expect(parseFilter('externalId eq "a\\"b"')).toMatchObject({ value: 'a"b' });
    expect(parseFilter('displayName eq "Eng" and not (externalId pr) or active eq false')).toEqual({
      kind: "or",
      left: {
        kind: "and",
        left: { kind: "cmp", attr: "displayName", op: "eq", value: "Eng" },
        right: { kind: "not", node: { kind: "cmp", attr: "externalId", op: "pr", value: null } },
      },
      right: { kind: "cmp", attr: "active", op: "eq", value: false },
    });
    expect(parseFilter('emails[type eq "work" and value co "@x"]')).toMatchObject({ kind: "and", left: { attr: "emails.type" }, right: { attr: "emails.value", op: "co" } });
    expect(matches(parseFilter('type eq "WORK"'), { type: "work" })).toBe(true);
  });

  test("malformed, overlong or deeply nested filters are invalidFilter, never anything else", () => {
    for (const bad of ["", "userName", 'userName eq', 'userName xx "a"', '(userName eq "a"', 'userName eq "a', "userName eq bare", '"a" eq "b"', "x".repeat(MAX_FILTER_LENGTH + 1), "(".repeat(20) + 'a eq "b"' + ")".repeat(20)]) {
      expect(() => parseFilter(bad), bad.slice(0, 40)).toThrow(ScimError);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        try {
          parseFilter(s);
        } catch (e) {
          expect(e).toBeInstanceOf(ScimError);
          expect((e as ScimError).scimType).toBe("invalidFilter");
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("SCIM PATCH", () => {
  const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  test("group operations fold into one change, in order", () => {
    const ops = operationsOf({
      schemas: [PATCH],
      Operations: [
        { op: "Add", path: "members", value: [{ value: "a" }, { value: "b" }] },
        { op: "Remove", path: 'members[value eq "a"]' },
        { op: "Replace", path: "displayName", value: "New" },
      ],
    });
    expect(foldGroupPatch(ops)).toEqual({ add: ["b"], remove: ["a"], displayName: "New" });
    expect(foldGroupPatch(operationsOf({ schemas: [PATCH], Operations: [{ op: "remove", path: "members" }, { op: "add", path: "members", value: [{ value: "c" }] }] }))).toEqual({ replace: ["c"] });
  });

  test('user operations: Entra\'s "False", paths with filters, value objects; unknown attributes are ignored', () => {
    const view = viewFromBody({ userName: "u@x.io", emails: [{ value: "u@x.io", type: "work", primary: true }] });
    const next = patchUser(view, operationsOf({
      schemas: [PATCH],
      Operations: [
        { op: "Replace", path: "active", value: "False" },
        { op: "replace", path: 'emails[type eq "work"].value', value: "n@x.io" },
        { op: "add", value: { "name.givenName": "Ann", title: "CTO" } },
      ],
    }));
    expect(next).toMatchObject({ active: false, emails: [{ value: "n@x.io", type: "work" }], name: { givenName: "Ann" } });
    expect(view.active).toBe(true);
    expect(() => patchUser(view, operationsOf({ schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: "nope" }] }))).toThrow(ScimError);
  });
});
