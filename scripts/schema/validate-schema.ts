// Structural checks on schema.json, run before generating and by the tests. The Pulumi metaschema
// (pulumi/pulumi pkg/codegen/schema/pulumi.json) is not vendored here, so the rules that matter for
// this package are written out: tokens, resolvable $refs, descriptions everywhere, echoed inputs,
// and the validation hints the generators rely on.
import type { ComplexTypeSpec, PackageSchema, PropertySpec, TypeSpec } from "./schema-model";
import { enumValues, hints, isEnumType, localTypeToken } from "./schema-model";

/** Type token pattern from the task brief (the metaschema's, without `-` in the last segment). */
export const TOKEN_PATTERN = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/]*$/;
const PACKAGE_NAME_PATTERN = /^[a-zA-Z][-a-zA-Z0-9_]*$/;
const SEMVER_PATTERN = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

// Keys the metaschema defines for a property spec; anything else is most likely a typo
// (`replaceOnChange`) that Pulumi tooling would silently ignore.
const PROPERTY_KEYS = new Set([
  "type",
  "items",
  "additionalProperties",
  "$ref",
  "oneOf",
  "plain",
  "description",
  "const",
  "default",
  "defaultInfo",
  "deprecationMessage",
  "language",
  "secret",
  "replaceOnChanges",
  "willReplaceOnChanges",
]);
const HINT_KEYS = new Set(["minimum", "maximum", "minLength", "pattern", "expected", "computedInput"]);
const PRIMITIVES = new Set(["string", "integer", "number", "boolean"]);

type Where = "config" | "type" | "input" | "output";

/** Every problem found, as `location: what is wrong`. Empty when the schema is sound. */
export function validateSchema(schema: PackageSchema): string[] {
  const problems: string[] = [];
  const report = (where: string, problem: string) => problems.push(`${where}: ${problem}`);

  if (typeof schema.name !== "string" || !PACKAGE_NAME_PATTERN.test(schema.name)) {
    report("name", `must match ${PACKAGE_NAME_PATTERN.source}`);
  }
  if (schema.version !== undefined && !SEMVER_PATTERN.test(schema.version)) report("version", "must be semver");
  if (!schema.description) report("description", "the package needs a description");

  const checkToken = (token: string) => {
    if (!TOKEN_PATTERN.test(token)) report(token, `token does not match ${TOKEN_PATTERN.source}`);
    if (token.split(":")[0] !== schema.name) report(token, `token must start with the package name "${schema.name}:"`);
  };

  for (const [token, spec] of Object.entries(schema.types ?? {})) {
    checkToken(token);
    checkComplexType(schema, `types.${token}`, spec, report);
  }

  for (const [name, spec] of Object.entries(schema.config?.variables ?? {})) {
    checkProperty(schema, `config.variables.${name}`, spec, "config", report);
  }

  for (const [token, resource] of Object.entries(schema.resources ?? {})) {
    checkToken(token);
    const at = `resources.${token}`;
    if (!resource.description) report(at, "missing description");
    const inputs = resource.inputProperties ?? {};
    const outputs = resource.properties ?? {};
    for (const [name, spec] of Object.entries(inputs))
      checkProperty(schema, `${at}.inputProperties.${name}`, spec, "input", report);
    for (const [name, spec] of Object.entries(outputs))
      checkProperty(schema, `${at}.properties.${name}`, spec, "output", report);
    for (const name of resource.requiredInputs ?? []) {
      if (!(name in inputs)) report(`${at}.requiredInputs`, `"${name}" is not an input property`);
    }
    for (const name of resource.required ?? []) {
      if (!(name in outputs)) report(`${at}.required`, `"${name}" is not an output property`);
    }
    // Outputs echo every input (a dynamic provider's outputs are exactly what create/update return).
    for (const [name, spec] of Object.entries(inputs)) {
      const echoed = outputs[name];
      if (echoed === undefined) {
        report(`${at}.properties`, `input "${name}" is not echoed as an output`);
        continue;
      }
      if (JSON.stringify(typeOnly(spec)) !== JSON.stringify(typeOnly(echoed)) || !!spec.secret !== !!echoed.secret) {
        report(`${at}.properties.${name}`, "echoed output differs from the input in type or secrecy");
      }
      const alwaysSet = (resource.requiredInputs ?? []).includes(name) || spec.default !== undefined;
      if (alwaysSet && !(resource.required ?? []).includes(name)) {
        report(`${at}.required`, `"${name}" is always set after check (required or defaulted) and must be listed`);
      }
    }
  }
  return problems;
}

function typeOnly(spec: TypeSpec): TypeSpec {
  const { type, items, additionalProperties, $ref } = spec;
  return {
    type,
    $ref,
    items: items && typeOnly(items),
    additionalProperties: additionalProperties && typeOnly(additionalProperties),
  };
}

function checkComplexType(
  schema: PackageSchema,
  at: string,
  spec: ComplexTypeSpec,
  report: (where: string, problem: string) => void,
): void {
  if (!spec.description) report(at, "missing description");
  if (isEnumType(spec)) {
    if (spec.type !== "string") report(at, 'enum types here must have type "string"');
    const values = enumValues(spec);
    if (values.length === 0) report(at, "enum without values");
    if (new Set(values).size !== values.length) report(at, "duplicate enum values");
    for (const entry of spec.enum ?? []) {
      if (typeof entry.value !== "string") report(at, `enum value ${JSON.stringify(entry.value)} must be a string`);
      if (!entry.description) report(`${at}.enum.${String(entry.value)}`, "missing description");
    }
    return;
  }
  if (spec.type !== "object") report(at, 'object types must have type "object"');
  const properties = spec.properties ?? {};
  if (Object.keys(properties).length === 0) report(at, "object type without properties");
  for (const [name, property] of Object.entries(properties)) {
    checkProperty(schema, `${at}.properties.${name}`, property, "type", report);
  }
  for (const name of spec.required ?? []) {
    if (!(name in properties)) report(`${at}.required`, `"${name}" is not a property`);
  }
}

function checkProperty(
  schema: PackageSchema,
  at: string,
  spec: PropertySpec,
  where: Where,
  report: (where: string, problem: string) => void,
): void {
  for (const key of Object.keys(spec)) if (!PROPERTY_KEYS.has(key)) report(at, `unknown property-spec key "${key}"`);
  if (typeof spec.description !== "string" || spec.description.trim().length < 10) {
    report(at, "needs a description a user can act on");
  }
  for (const flag of ["secret", "replaceOnChanges"] as const) {
    if (spec[flag] !== undefined && typeof spec[flag] !== "boolean") report(at, `${flag} must be a boolean`);
  }
  if (spec.defaultInfo !== undefined && where !== "config") report(at, "defaultInfo is only used on config variables");
  if (spec.default !== undefined && where === "type") {
    // Defaults inside object types would need zod to fill nested objects; keep them at the top level.
    report(at, "defaults are only supported on resource inputs and config variables");
  }
  checkTypeSpec(schema, at, spec, report);
  const hint = hints(spec);
  for (const key of Object.keys(hint)) if (!HINT_KEYS.has(key)) report(at, `unknown validation hint "${key}"`);
  if (hint.computedInput && (where === "type" || where === "config"))
    report(at, "computedInput applies to resource inputs");
  if (spec.default !== undefined) checkDefault(schema, at, spec, report);
}

function checkTypeSpec(
  schema: PackageSchema,
  at: string,
  spec: TypeSpec,
  report: (where: string, problem: string) => void,
): void {
  const hint = hints(spec);
  if (spec.$ref !== undefined) {
    const token = localTypeToken(spec.$ref);
    if (token === undefined) report(at, `$ref ${spec.$ref} must point into #/types/`);
    else if (schema.types?.[token] === undefined) report(at, `$ref ${spec.$ref} does not resolve`);
    if (spec.type !== undefined || spec.items !== undefined || spec.additionalProperties !== undefined) {
      report(at, "a $ref must stand alone (no type, items or additionalProperties)");
    }
    return;
  }
  if (spec.type === "array") {
    if (spec.items === undefined) report(at, "array without items");
    else checkTypeSpec(schema, `${at}.items`, spec.items, report);
    if (spec.additionalProperties !== undefined) report(at, "array with additionalProperties");
  } else if (spec.type === "object") {
    if (spec.additionalProperties !== undefined)
      checkTypeSpec(schema, `${at}.additionalProperties`, spec.additionalProperties, report);
    if (spec.items !== undefined) report(at, "map with items");
  } else if (spec.type !== undefined && PRIMITIVES.has(spec.type)) {
    if (spec.items !== undefined || spec.additionalProperties !== undefined)
      report(at, "primitive with items / additionalProperties");
  } else {
    report(
      at,
      `type must be one of string, integer, number, boolean, array, object or a $ref (got ${JSON.stringify(spec.type)})`,
    );
  }
  const numeric = spec.type === "integer" || spec.type === "number";
  if ((hint.minimum !== undefined || hint.maximum !== undefined) && !numeric)
    report(at, "minimum/maximum need a numeric type");
  if ((hint.minLength !== undefined || hint.pattern !== undefined) && spec.type !== "string") {
    report(at, "minLength/pattern need type string");
  }
  if (hint.pattern !== undefined) {
    try {
      new RegExp(hint.pattern);
    } catch {
      report(at, `pattern ${hint.pattern} is not a regular expression`);
    }
  }
}

function checkDefault(
  schema: PackageSchema,
  at: string,
  spec: PropertySpec,
  report: (where: string, problem: string) => void,
): void {
  const value = spec.default;
  if (spec.$ref !== undefined) {
    const token = localTypeToken(spec.$ref);
    const target = token === undefined ? undefined : schema.types?.[token];
    if (target === undefined || !isEnumType(target)) report(at, "a default on a $ref needs an enum type");
    else if (!enumValues(target).includes(String(value)))
      report(at, `default ${JSON.stringify(value)} is not an enum value`);
    return;
  }
  const expected = spec.type === "integer" || spec.type === "number" ? "number" : spec.type;
  if (typeof value !== expected) report(at, `default ${JSON.stringify(value)} is not a ${String(spec.type)}`);
  if (spec.type === "integer" && !Number.isInteger(value)) report(at, "default must be an integer");
  const hint = hints(spec);
  if (typeof value === "number") {
    if (hint.minimum !== undefined && value < hint.minimum) report(at, "default below minimum");
    if (hint.maximum !== undefined && value > hint.maximum) report(at, "default above maximum");
  }
}
