// What an update changes, value by value (scripts/report/changes.ts): paths as the engine writes them,
// long values cut, secrets compared only where the engine said they changed, unknowns set apart.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { valueChanges } from "../../../scripts/report/changes";
import type { ResourceView } from "../../../scripts/report/model";
import { renderReport } from "../../../scripts/report/report";
import { SECRET_SIG_KEY, SECRET_SIG_VALUE, UNKNOWN_VALUE } from "../../../scripts/report/secrets";

function view(
  oldInputs: Record<string, unknown>,
  newInputs: Record<string, unknown>,
  paths: string[] = [],
): ResourceView {
  return {
    kind: "RepositoryImport",
    name: "r",
    action: "update",
    changedInputs: Object.keys({ ...oldInputs, ...newInputs }).filter(
      (k) => JSON.stringify(oldInputs[k]) !== JSON.stringify(newInputs[k]) || paths.includes(k),
    ),
    replaceKeys: [],
    detailedDiffPaths: paths,
    oldInputs,
    newInputs,
    infos: [],
    warnings: [],
    errors: [],
  };
}

test("paths follow the engine's property paths: dotted names, quoted odd keys, list indexes", () => {
  const changes = valueChanges(
    view(
      { labels: { "a b": "x", plain: 1 }, rules: [{ name: "one" }, { name: "two" }] },
      { labels: { "a b": "y", plain: 1 }, rules: [{ name: "one" }, { name: "2" }] },
    ),
  );
  assert.deepEqual(
    changes.map((c) => `${c.path}: ${c.before} → ${c.after}`),
    ['labels["a b"]: `x` → `y`', "rules[1].name: `two` → `2`"],
  );
});

test("a long value is cut; an added or removed value is (none) on its missing side", () => {
  const long = "a".repeat(200);
  const [cut] = valueChanges(view({ description: "short" }, { description: long }));
  assert.equal(cut!.after, `\`${"a".repeat(79)}…\``);
  assert.deepEqual(
    valueChanges(view({}, { maxDeletions: 3 })).map((c) => [c.before, c.after]),
    [["(none)", "`3`"]],
  );
});

test("two secrets count as changed only where the engine said so; an unknown new value is set apart", () => {
  const secret = (value: string) => ({ [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value });
  assert.deepEqual(
    valueChanges(view({ connection: { token: secret("a") } }, { connection: { token: secret("b") } })),
    [],
  );
  assert.deepEqual(
    valueChanges(
      view({ connection: { token: secret("a") } }, { connection: { token: secret("b") } }, ["connection.token"]),
    ),
    [{ path: "connection.token", before: "[secret]", after: "[secret]", later: false }],
  );
  assert.deepEqual(valueChanges(view({ connection: { id: "c-1" } }, { connection: { id: UNKNOWN_VALUE } })), [
    { path: "connection.id", before: "`c-1`", after: "(known after apply)", later: true },
  ]);
});

test("past ten changed values per resource the rest are counted", () => {
  const before = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`k${i}`, i]));
  const after = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`k${i}`, i + 100]));
  const type = "pulumi-nodejs:dynamic/scm-integrations:RepositoryImport";
  const md = renderReport(
    JSON.stringify({
      steps: [
        {
          op: "update",
          urn: `urn:pulumi:prod::platform::${type}::r`,
          oldState: { type, inputs: { tags: before } },
          newState: { type, inputs: { tags: after } },
          diffReasons: ["tags"],
        },
      ],
    }),
  );
  assert.equal(md.match(/- ✏️ \*\*r\*\*: `tags\.k\d+`/g)?.length, 10);
  assert.match(md, /- ✏️ \*\*r\*\*: … and 3 more changed values/);
});
