// The RepositorySelector generated from schema.json and the one plan/ matches on are the same type:
// checked at compile time (both directions, keys and field types) and at run time by reading both
// declarations with the TypeScript compiler API, so the check also holds in transpile-only runs.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "@jest/globals";
import * as ts from "typescript";
import type { RepositorySelector as PlanSelector } from "../../provider/src/plan/selector-types";
import type { RepositorySelector as GeneratedSelector } from "../../provider/src/resources/schema.generated";
import type { RepositorySelectorArgs } from "../../sdk/types.generated";
import { loadSchema, repoRoot } from "../../scripts/schema/schema-model";

// Compile-time: all fields are optional, so plain mutual assignability would accept an extra or a
// missing key; comparing the key sets and the Required<> forms closes that gap.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameKeys: Same<keyof GeneratedSelector, keyof PlanSelector> = true;
const sameFields: Same<Required<GeneratedSelector>, Required<PlanSelector>> = true;
const sameOptionality: Same<Partial<GeneratedSelector>, GeneratedSelector> = true;
// A plan selector can be handed to the SDK as an argument value.
const planIntoArgs: RepositorySelectorArgs = {};

/** Members of an interface as `name` → `type text` (with `?` when optional), read by the compiler. */
function interfaceMembers(program: ts.Program, file: string, name: string): Record<string, string> {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  assert.ok(source, `${file} not in program`);
  const declaration = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === name,
  );
  assert.ok(declaration, `interface ${name} not found in ${file}`);
  const members: Record<string, string> = {};
  for (const symbol of checker.getTypeAtLocation(declaration).getProperties()) {
    const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
    const type = checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, declaration));
    members[symbol.name] = `${optional ? "?" : ""}${type.replace(/ \| undefined$/, "")}`;
  }
  return members;
}

describe("RepositorySelector agrees with plan/selector-types.ts", () => {
  it("at compile time", () => {
    assert.deepEqual([sameKeys, sameFields, sameOptionality], [true, true, true]);
    assert.deepEqual(planIntoArgs, {});
  });

  it("at run time: same members, optionality and types", () => {
    const root = repoRoot();
    const planFile = path.join(root, "provider/src/plan/selector-types.ts");
    const generatedFile = path.join(root, "provider/src/resources/schema.generated.ts");
    const program = ts.createProgram([planFile, generatedFile], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
    });
    const plan = interfaceMembers(program, planFile, "RepositorySelector");
    const generated = interfaceMembers(program, generatedFile, "RepositorySelector");
    assert.deepEqual(plan, {
      include: "?string[]",
      exclude: "?string[]",
      topics: "?string[]",
      visibility: '?("public" | "private" | "internal")[]',
      archived: "?boolean",
      forks: "?boolean",
      includeSubgroups: "?boolean",
      includeShared: "?boolean",
    });
    // The generated side names the element type RepositoryVisibility; resolve it to its literals.
    const visibility = loadSchema()
      .types?.["scm-integrations:index:RepositoryVisibility"]?.enum?.map((e) => JSON.stringify(e.value))
      .join(" | ");
    assert.equal(generated.visibility, "?RepositoryVisibility[]");
    assert.deepEqual({ ...generated, visibility: `?(${visibility ?? ""})[]` }, plan);
  });

  it("in schema.json: the same property names", () => {
    const properties = loadSchema().types?.["scm-integrations:index:RepositorySelector"]?.properties ?? {};
    assert.deepEqual(Object.keys(properties), [
      "include",
      "exclude",
      "topics",
      "visibility",
      "archived",
      "forks",
      "includeSubgroups",
      "includeShared",
    ]);
  });
});
