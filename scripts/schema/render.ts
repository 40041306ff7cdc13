// Text helpers shared by the emitters: TypeScript type expressions for a schema type spec, TSDoc
// comments, and the header every generated file carries.
import type { PackageSchema, PropertySpec, TypeSpec } from "./schema-model";
import { resolveType, tokenName } from "./schema-model";

export const GENERATED_HEADER =
  "// generated from schema.json by scripts/schema/generate.ts — do not edit.\n" +
  "// Change schema.json and run `make generate` (CI runs the generator with --check).\n";

/**
 * TypeScript type of a type spec. `plain`: values as the provider sees them. `input`: the SDK's
 * argument form, every level wrapped in `pulumi.Input<>`; object types use their `…Args` variant.
 */
export function tsType(schema: PackageSchema, spec: TypeSpec, mode: "plain" | "input"): string {
  const wrap = (type: string) => (mode === "input" ? `pulumi.Input<${type}>` : type);
  if (spec.$ref !== undefined) {
    const { token, spec: target } = resolveType(schema, spec.$ref);
    const name = tokenName(token);
    return wrap(target.enum === undefined && mode === "input" ? `${name}Args` : name);
  }
  switch (spec.type) {
    case "string":
      return wrap("string");
    case "integer":
    case "number":
      return wrap("number");
    case "boolean":
      return wrap("boolean");
    case "array":
      return wrap(`${arrayElement(tsType(schema, spec.items ?? { type: "string" }, mode))}[]`);
    case "object":
      return wrap(`Record<string, ${tsType(schema, spec.additionalProperties ?? { type: "string" }, mode)}>`);
    default:
      throw new Error(`unsupported type spec ${JSON.stringify(spec)}`);
  }
}

function arrayElement(type: string): string {
  return /^[A-Za-z0-9_.<>, ]+$/.test(type) && !type.includes("|") ? type : `(${type})`;
}

/** A TSDoc block for `text` (one or more paragraphs), indented by `indent`. */
export function tsdoc(text: string, indent = "", tags: string[] = []): string {
  const lines = [...text.split("\n"), ...(tags.length > 0 ? ["", ...tags] : [])].map((line) =>
    line.replace(/\*\//g, "*\\/"),
  );
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} *${line === "" ? "" : ` ${line}`}`).join("\n")}\n${indent} */\n`;
}

/** TSDoc tags for a property: its default value. */
export function propertyTags(spec: PropertySpec): string[] {
  return spec.default === undefined ? [] : [`@defaultValue ${JSON.stringify(spec.default)}`];
}

/** A property key as TypeScript source (quoted only when it must be). */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
