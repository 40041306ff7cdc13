// Emits sdk/types.generated.ts: the public SDK's argument types (`pulumi.Input<>` at every level, as
// Pulumi's own codegen does), enum constants, plain output shapes, and the lists the SDK classes need
// (additionalSecretOutputs, the output-only keys to pass as `undefined`).
import type { ComplexTypeSpec, PackageSchema, PropertySpec, TypeSpec } from "./schema-model";
import {
  hints,
  isEnumType,
  localTypeToken,
  lowerFirst,
  pascalFromValue,
  propertyPaths,
  resourcesOf,
  typesOf,
} from "./schema-model";
import { GENERATED_HEADER, propertyKey, propertyTags, tsType, tsdoc } from "./render";

export function emitSdkModule(schema: PackageSchema): string {
  const out: string[] = [GENERATED_HEADER];
  out.push('import type * as pulumi from "@pulumi/pulumi";\n\n');
  const inputTypes = typesReachableFromInputs(schema);
  for (const { token, name, spec } of typesOf(schema)) {
    out.push(isEnumType(spec) ? emitEnum(name, spec) : emitObjectType(schema, name, spec, inputTypes.has(token)));
  }
  for (const { token, name, spec } of resourcesOf(schema)) {
    const inputs = spec.inputProperties ?? {};
    const outputs = spec.properties ?? {};
    // Inputs the provider computes at check are not for users: they stay out of the args.
    const userInputs = Object.fromEntries(Object.entries(inputs).filter(([, p]) => !hints(p).computedInput));
    const outputOnly = Object.keys(outputs).filter((key) => !(key in userInputs));
    const secretOutputs = Object.keys(outputs).filter(
      (key) => propertyPaths(schema, { [key]: outputs[key] ?? {} }, (p) => !!p.secret).length > 0,
    );
    const lower = lowerFirst(name);

    out.push(tsdoc(`The arguments for constructing a ${name}. ${spec.description ?? ""}`));
    out.push(emitInterface(schema, `${name}Args`, userInputs, new Set(spec.requiredInputs ?? []), "input"));
    out.push(tsdoc(`Every output of a ${name}, as plain values (wrap in \`pulumi.Output<>\` on the class).`));
    out.push(emitInterface(schema, `${name}Outputs`, outputs, new Set(spec.required ?? []), "plain"));
    out.push(`/** Type token of ${name} in schema.json. */\n`);
    out.push(`export const ${lower}Token = ${JSON.stringify(token)};\n\n`);
    out.push(tsdoc(`Pass as the \`additionalSecretOutputs\` resource option of every ${name}.`));
    out.push(`export const ${lower}AdditionalSecretOutputs: string[] = ${JSON.stringify(secretOutputs)};\n\n`);
    out.push(
      tsdoc(
        `Output keys that are not in ${name}Args: pass them as \`undefined\` to \`super()\` so they become outputs.`,
      ),
    );
    out.push(`export const ${lower}OutputOnlyProperties = ${JSON.stringify(outputOnly)} as const;\n\n`);
  }
  return out.join("");
}

function emitEnum(name: string, spec: ComplexTypeSpec): string {
  let text = tsdoc(spec.description ?? name);
  text += `export const ${name} = {\n`;
  for (const entry of spec.enum ?? []) {
    const member = entry.name ?? pascalFromValue(String(entry.value));
    text += tsdoc(entry.description ?? String(entry.value), "  ");
    text += `  ${propertyKey(member)}: ${JSON.stringify(entry.value)},\n`;
  }
  text += "} as const;\n\n";
  text += tsdoc(spec.description ?? name);
  text += `export type ${name} = (typeof ${name})[keyof typeof ${name}];\n\n`;
  return text;
}

/** Object types used by some resource input: only those need an `…Args` form. */
function typesReachableFromInputs(schema: PackageSchema): Set<string> {
  const found = new Set<string>();
  const visit = (spec: TypeSpec) => {
    if (spec.items) visit(spec.items);
    if (spec.additionalProperties) visit(spec.additionalProperties);
    const token = spec.$ref === undefined ? undefined : localTypeToken(spec.$ref);
    if (token === undefined || found.has(token)) return;
    found.add(token);
    for (const nested of Object.values(schema.types?.[token]?.properties ?? {})) visit(nested);
  };
  for (const { spec } of resourcesOf(schema))
    for (const input of Object.values(spec.inputProperties ?? {})) visit(input);
  return found;
}

function emitObjectType(schema: PackageSchema, name: string, spec: ComplexTypeSpec, usedByInputs: boolean): string {
  const properties = spec.properties ?? {};
  const required = new Set(spec.required ?? []);
  let text = tsdoc(spec.description ?? name) + emitInterface(schema, name, properties, required, "plain");
  if (usedByInputs) {
    text += tsdoc(`${spec.description ?? name}\n\nArgument form: every field accepts a \`pulumi.Input\`.`);
    text += emitInterface(schema, `${name}Args`, properties, required, "input");
  }
  return text;
}

function emitInterface(
  schema: PackageSchema,
  name: string,
  properties: Record<string, PropertySpec>,
  required: ReadonlySet<string>,
  mode: "plain" | "input",
): string {
  let text = `export interface ${name} {\n`;
  for (const [key, spec] of Object.entries(properties)) {
    text += tsdoc(spec.description ?? key, "  ", propertyTags(spec));
    text += `  ${propertyKey(key)}${required.has(key) ? "" : "?"}: ${tsType(schema, spec, mode)};\n`;
  }
  return `${text}}\n\n`;
}
