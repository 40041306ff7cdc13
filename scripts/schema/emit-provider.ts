// Emits provider/src/resources/schema.generated.ts: the provider-side types, the zod validators (as
// builder functions: a module-level zod schema cannot be closure-serialized, its methods being bound
// native functions; UNVERIFIED in https://www.pulumi.com/docs/iac/concepts/functions/function-serialization/),
// and the schema facts resources act on (secrets, replace-on-change paths, defaults, config variables).
import type { ComplexTypeSpec, PackageSchema, PropertySpec, ResourceSpec, TypeSpec } from "./schema-model";
import {
  enumValues,
  hints,
  isEnumType,
  lowerFirst,
  propertyPaths,
  resolveType,
  resourcesOf,
  tokenName,
  typesOf,
} from "./schema-model";
import { emitInterface } from "./emit-domain";
import { GENERATED_HEADER, propertyKey, propertyTags, tsType, tsdoc } from "./render";

export function emitProviderModule(schema: PackageSchema): string {
  const out: string[] = [GENERATED_HEADER];
  out.push('import { z } from "zod";\n');
  out.push('import type { ConfigVariable } from "./schema-support";\n');
  out.push('import { fieldError, objectError, readConfigVariables } from "./schema-support";\n\n');

  out.push(`/** Pulumi package name; stack config keys are \`${schema.name}:<variable>\`. */\n`);
  out.push(`export const packageName = ${JSON.stringify(schema.name)};\n\n`);

  // The domain types themselves live in core/domain.generated.ts (every layer imports them from there);
  // re-exported here for the resources, beside their validators.
  const types = typesOf(schema);
  const names = types.map((t) => t.name);
  const valueLists = types.filter((t) => isEnumType(t.spec)).map((t) => `${lowerFirst(t.name)}Values`);
  out.push(`import type { ${names.join(", ")} } from "../core/domain.generated";\n`);
  out.push(`export type { ${names.join(", ")} } from "../core/domain.generated";\n`);
  out.push(`export { ${valueLists.join(", ")} } from "../core/domain.generated";\n\n`);
  for (const { name, spec } of types) if (!isEnumType(spec)) out.push(emitObjectValidator(schema, name, spec));
  out.push(emitConfig(schema));
  for (const { token, name, spec } of resourcesOf(schema)) out.push(emitResource(schema, token, name, spec));
  return out.join("");
}

function emitObjectValidator(schema: PackageSchema, name: string, spec: ComplexTypeSpec): string {
  const properties = spec.properties ?? {};
  const required = new Set(spec.required ?? []);
  let text = tsdoc(
    `Validator for ${name}. \`field\` is the dotted path it sits at, so messages name the field.\n` +
      "A function, never a module-level constant: zod schemas cannot be closure-serialized.",
  );
  text += `export function ${lowerFirst(name)}Schema(field: string): z.ZodType<${name}, ${name}> {\n`;
  text += `  return ${zodObject(schema, properties, required, "field")};\n}\n\n`;
  return text;
}

/** Source for the runtime field name: a literal at the top level, `${field}.x` inside a type builder. */
function fieldSource(parentVar: string | undefined, suffix: string): string {
  if (parentVar === undefined) return JSON.stringify(suffix);
  return `\`\${${parentVar}}${suffix.startsWith("[") ? "" : "."}${suffix.replace(/`/g, "\\`")}\``;
}

function appendToField(field: string, suffix: string): string {
  // field is TS source: a JSON string literal or a template literal.
  if (field.startsWith('"')) return JSON.stringify(`${JSON.parse(field) as string}${suffix}`);
  return `${field.slice(0, -1)}${suffix}\``;
}

function zodObject(
  schema: PackageSchema,
  properties: Record<string, PropertySpec>,
  required: ReadonlySet<string>,
  parentVar: string | undefined,
): string {
  const entries = Object.entries(properties).map(([key, spec]) => {
    const field = fieldSource(parentVar, key);
    let expr = zodFor(schema, spec, field, !!spec.secret);
    expr += `.describe(${JSON.stringify(spec.description ?? key)})`;
    if (spec.default !== undefined) expr += `.default(${JSON.stringify(spec.default)})`;
    else if (!required.has(key)) expr += ".optional()";
    return `${propertyKey(key)}: ${expr}`;
  });
  const objectField = parentVar === undefined ? '""' : parentVar;
  return `z.strictObject({\n${entries.join(",\n")}\n}, { error: objectError(${objectField}, ${JSON.stringify(Object.keys(properties))}) })`;
}

/** What a message says a field accepts. */
export function expectedText(schema: PackageSchema, spec: TypeSpec): string {
  const hint = hints(spec);
  if (hint.expected !== undefined) return hint.expected;
  if (spec.$ref !== undefined) {
    const { spec: target, token } = resolveType(schema, spec.$ref);
    if (isEnumType(target))
      return `one of ${enumValues(target)
        .map((v) => JSON.stringify(v))
        .join(", ")}`;
    return `a ${tokenName(token)} object`;
  }
  switch (spec.type) {
    case "string":
      return hint.minLength !== undefined && hint.minLength > 0 ? "a non-empty string" : "a string";
    case "integer":
    case "number": {
      const noun = spec.type === "integer" ? "an integer" : "a number";
      if (hint.minimum !== undefined && hint.maximum !== undefined)
        return `${noun} from ${hint.minimum} to ${hint.maximum}`;
      if (hint.minimum !== undefined) return `${noun} of at least ${hint.minimum}`;
      if (hint.maximum !== undefined) return `${noun} of at most ${hint.maximum}`;
      return noun;
    }
    case "boolean":
      return "true or false";
    case "array":
      return `a list of ${plural(expectedText(schema, spec.items ?? { type: "string" }))}`;
    case "object":
      return `a map of ${plural(expectedText(schema, spec.additionalProperties ?? { type: "string" }))}`;
    default:
      return "a value";
  }
}

function plural(expected: string): string {
  return expected.replace(/^an? /, "").replace(/^(string|integer|number)$/, "$1s");
}

function zodFor(schema: PackageSchema, spec: TypeSpec, field: string, secret: boolean): string {
  const expected = JSON.stringify(expectedText(schema, spec));
  const error = `{ error: fieldError(${field}, ${expected}${secret ? ", { secret: true }" : ""}) }`;
  const hint = hints(spec);
  if (spec.$ref !== undefined) {
    const { token, spec: target } = resolveType(schema, spec.$ref);
    if (isEnumType(target)) return `z.enum(${JSON.stringify(enumValues(target))}, ${error})`;
    return `${lowerFirst(tokenName(token))}Schema(${field})`;
  }
  switch (spec.type) {
    case "string": {
      let expr = `z.string(${error})`;
      if (hint.minLength !== undefined) expr += `.min(${hint.minLength}, ${error})`;
      if (hint.pattern !== undefined) expr += `.regex(new RegExp(${JSON.stringify(hint.pattern)}), ${error})`;
      return expr;
    }
    case "integer":
    case "number": {
      let expr = spec.type === "integer" ? `z.int(${error})` : `z.number(${error})`;
      if (hint.minimum !== undefined) expr += `.min(${hint.minimum}, ${error})`;
      if (hint.maximum !== undefined) expr += `.max(${hint.maximum}, ${error})`;
      return expr;
    }
    case "boolean":
      return `z.boolean(${error})`;
    case "array":
      return `z.array(${zodFor(schema, spec.items ?? { type: "string" }, appendToField(field, "[]"), secret)}, ${error})`;
    case "object":
      return `z.record(z.string(), ${zodFor(schema, spec.additionalProperties ?? { type: "string" }, appendToField(field, "[key]"), secret)}, ${error})`;
    default:
      throw new Error(`unsupported type spec ${JSON.stringify(spec)}`);
  }
}

function emitConfig(schema: PackageSchema): string {
  const variables = schema.config?.variables ?? {};
  let text = tsdoc(
    "Provider configuration after defaults: platform credentials and endpoints (never resource state).\n" +
      "Read it in `configure()` with `readProviderConfig`.",
  );
  text += "export interface ProviderConfig {\n";
  for (const [name, spec] of Object.entries(variables)) {
    const env = spec.defaultInfo?.environment ?? [];
    const tags = [...propertyTags(spec), ...(env.length > 0 ? [`Environment: ${env.join(", ")}.`] : [])];
    text += tsdoc(spec.description ?? name, "  ", tags);
    text += `  ${propertyKey(name)}${spec.default === undefined ? "?" : ""}: ${tsType(schema, spec, "plain")};\n`;
  }
  text += "}\n\n";
  text += tsdoc("Config variables from schema.json, as data: key, environment fallbacks, default, secrecy.");
  text += "export const configVariables: readonly ConfigVariable[] = [\n";
  for (const [name, spec] of Object.entries(variables)) {
    const entry: Record<string, unknown> = {
      name,
      key: `${schema.name}:${name}`,
      type: spec.type === "boolean" ? "boolean" : "string",
      secret: !!spec.secret,
      environment: spec.defaultInfo?.environment ?? [],
    };
    if (spec.default !== undefined) entry.default = spec.default;
    if (spec.$ref !== undefined) {
      const { spec: target } = resolveType(schema, spec.$ref);
      if (isEnumType(target)) entry.values = enumValues(target);
    }
    text += `  ${JSON.stringify(entry)},\n`;
  }
  text += "];\n\n";
  text += tsdoc(
    "Provider configuration from stack config (`" +
      schema.name +
      ":<name>`, then `<name>`), the environment, then defaults.\n" +
      "`lookup` is configure()'s `req.config.get`. Throws ScmIntegrationError naming the key on a bad value.",
  );
  text +=
    "export function readProviderConfig(\n  lookup: (key: string) => string | undefined,\n" +
    "  env: Readonly<Record<string, string | undefined>> = process.env,\n): ProviderConfig {\n" +
    "  return readConfigVariables(configVariables, lookup, env) as unknown as ProviderConfig;\n}\n\n";
  return text;
}

function emitResource(schema: PackageSchema, token: string, name: string, spec: ResourceSpec): string {
  const lower = lowerFirst(name);
  const inputs = spec.inputProperties ?? {};
  const outputs = spec.properties ?? {};
  const requiredInputs = new Set(spec.requiredInputs ?? []);
  const defaults = Object.fromEntries(
    Object.entries(inputs)
      .filter(([, p]) => p.default !== undefined)
      .map(([key, p]) => [key, p.default]),
  );
  const computedInputs = Object.keys(inputs).filter((key) => hints(inputs[key] ?? {}).computedInput);
  const computedOutputs = Object.keys(outputs).filter((key) => !(key in inputs));
  const replacePaths = propertyPaths(schema, inputs, (p) => !!p.replaceOnChanges);
  const secretPaths = propertyPaths(schema, inputs, (p) => !!p.secret);
  // additionalSecretOutputs takes top-level names only, so an output holding a secret anywhere inside
  // (an echoed IntegrationReference carries the SCM token) is made secret as a whole.
  const secretOutputs = Object.keys(outputs).filter(
    (key) => propertyPaths(schema, { [key]: outputs[key] ?? {} }, (p) => !!p.secret).length > 0,
  );

  let text = `// ---- ${name} (${token}) ----\n\n`;
  text += `/** Type token of ${name} in schema.json. */\n`;
  text += `export const ${lower}Token = ${JSON.stringify(token)};\n\n`;
  text += tsdoc(`Inputs of ${name} as a program passes them. ${spec.description ?? ""}`);
  text += emitInterface(schema, `${name}Inputs`, inputs, requiredInputs);

  const defaulted = Object.keys(defaults);
  text += tsdoc(`${name} inputs after check: defaults filled in (${defaulted.join(", ") || "none"}).`);
  if (defaulted.length === 0) text += `export type Checked${name}Inputs = ${name}Inputs;\n\n`;
  else {
    const narrowed = Object.fromEntries(defaulted.map((key) => [key, inputs[key] ?? {}]));
    text += emitInterface(schema, `Checked${name}Inputs`, narrowed, new Set(defaulted), `${name}Inputs`);
  }

  text += tsdoc(`Outputs of ${name}: every input echoed plus what the provider computes.`);
  text += emitInterface(schema, `${name}Outputs`, outputs, new Set(spec.required ?? []));

  text += tsdoc(
    `Validates ${name} inputs (without \`__provider\`) and fills defaults; messages name the field.\n` +
      "A function, never a module-level constant: zod schemas cannot be closure-serialized.\n" +
      "Use it through `checkInputs` from ./schema-support, which also tolerates preview-time unknowns.",
  );
  text += `export function ${lower}InputsSchema(): z.ZodType<Checked${name}Inputs, ${name}Inputs> {\n`;
  text += `  return ${zodObject(schema, inputs, requiredInputs, undefined)};\n}\n\n`;

  text += `/** Defaults check fills into ${name} inputs. */\n`;
  text += `export const ${lower}Defaults = ${JSON.stringify(defaults)} as const;\n\n`;
  text += tsdoc(
    `Top-level ${name} outputs to pass as \`additionalSecretOutputs\`: secret themselves or holding a secret.`,
  );
  text += `export const ${lower}SecretOutputs = ${JSON.stringify(secretOutputs)} as const;\n\n`;
  text += `/** Dotted paths of every secret ${name} input (feed their values to \`rememberSecret\`). */\n`;
  text += `export const ${lower}SecretInputPaths = ${JSON.stringify(secretPaths)} as const;\n\n`;
  text += tsdoc(
    `Dotted paths of ${name} inputs whose change replaces the resource; \`replacementKeys\` turns the\n` +
      "changed ones into diff's `replaces`.",
  );
  text += `export const ${lower}ReplaceOnChanges = ${JSON.stringify(replacePaths)} as const;\n\n`;
  text += `/** ${name} outputs that are not inputs: computed by create / update / read. */\n`;
  text += `export const ${lower}ComputedOutputs = ${JSON.stringify(computedOutputs)} as const;\n\n`;
  text += `/** ${name} inputs filled by check, never by users. */\n`;
  text += `export const ${lower}ComputedInputs = ${JSON.stringify(computedInputs)} as const;\n\n`;
  text += `/** Every ${name} input property, in schema order (what read returns as inputs). */\n`;
  text += `export const ${lower}InputKeys = ${JSON.stringify(Object.keys(inputs))} as const;\n\n`;
  return text;
}
