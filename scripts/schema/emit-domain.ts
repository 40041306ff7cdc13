// Emits provider/src/core/domain.generated.ts: the domain model every layer imports — the schema's
// enums (with the list of their values) and its object types as plain interfaces. It sits in core/, the
// lowest layer, so scm/, platforms/, plan/ and resources/ share one definition instead of spelling the
// same unions out again; the validators stay in resources/schema.generated.ts.
import type { ComplexTypeSpec, PackageSchema, PropertySpec } from "./schema-model";
import { enumValues, isEnumType, lowerFirst, typesOf } from "./schema-model";
import { GENERATED_HEADER, propertyKey, propertyTags, tsType, tsdoc } from "./render";

export function emitDomainModule(schema: PackageSchema): string {
  const out: string[] = [GENERATED_HEADER];
  for (const { name, spec } of typesOf(schema)) {
    out.push(
      isEnumType(spec)
        ? emitEnum(name, spec)
        : tsdoc(spec.description ?? name) +
            emitInterface(schema, name, spec.properties ?? {}, new Set(spec.required ?? [])),
    );
  }
  return out.join("");
}

function emitEnum(name: string, spec: ComplexTypeSpec): string {
  const values = enumValues(spec);
  const doc = [
    spec.description ?? name,
    "",
    ...(spec.enum ?? []).map((e) => `- \`${String(e.value)}\`: ${e.description ?? ""}`),
  ];
  return (
    tsdoc(doc.join("\n")) +
    `export type ${name} = ${values.map((v) => JSON.stringify(v)).join(" | ")};\n` +
    `/** Every ${name} value, in schema order. */\n` +
    `export const ${lowerFirst(name)}Values: readonly ${name}[] = ${JSON.stringify(values)};\n\n`
  );
}

export function emitInterface(
  schema: PackageSchema,
  name: string,
  properties: Record<string, PropertySpec>,
  required: ReadonlySet<string>,
  extendsName?: string,
): string {
  let text = `export interface ${name}${extendsName ? ` extends ${extendsName}` : ""} {\n`;
  for (const [key, spec] of Object.entries(properties)) {
    text += tsdoc(spec.description ?? key, "  ", propertyTags(spec));
    text += `  ${propertyKey(key)}${required.has(key) ? "" : "?"}: ${tsType(schema, spec, "plain")};\n`;
  }
  return `${text}}\n\n`;
}
