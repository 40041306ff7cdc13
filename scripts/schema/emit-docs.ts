// Emits docs/reference/*.md: one page per resource (inputs, outputs, secrets, replace-on-change,
// defaults, an example) and configuration.md. Plain Markdown tables, readable on GitHub.
import type { PackageSchema, PropertySpec, ResourceSpec, TypeSpec } from "./schema-model";
import {
  hints,
  isEnumType,
  kebab,
  localTypeToken,
  propertyPaths,
  resolveType,
  resourcesOf,
  tokenName,
} from "./schema-model";

const DOCS_HEADER = "<!-- generated from schema.json by scripts/schema/generate.ts — do not edit. -->\n\n";

/** docs/reference file name (relative) → content. */
export function emitDocs(schema: PackageSchema): Map<string, string> {
  const files = new Map<string, string>();
  for (const { token, name, spec } of resourcesOf(schema)) {
    files.set(`${kebab(name)}.md`, resourcePage(schema, token, name, spec));
  }
  files.set("configuration.md", configurationPage(schema));
  return files;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n+/g, " ");
}

function typeLabel(schema: PackageSchema, spec: TypeSpec): string {
  if (spec.$ref !== undefined) {
    const { token, spec: target } = resolveType(schema, spec.$ref);
    const name = tokenName(token);
    if (isEnumType(target)) return (target.enum ?? []).map((e) => `\`${String(e.value)}\``).join(" \\| ");
    return `[${name}](#${name.toLowerCase()})`;
  }
  if (spec.type === "array") return `list of ${typeLabel(schema, spec.items ?? { type: "string" })}`;
  if (spec.type === "object") return `map of ${typeLabel(schema, spec.additionalProperties ?? { type: "string" })}`;
  const hint = hints(spec);
  const bounds =
    hint.minimum !== undefined && hint.maximum !== undefined
      ? ` (${hint.minimum}–${hint.maximum})`
      : hint.minimum !== undefined
        ? ` (≥ ${hint.minimum})`
        : "";
  return `${spec.type ?? "any"}${bounds}`;
}

function notes(spec: PropertySpec, required: boolean): string {
  const parts: string[] = [];
  parts.push(required ? "**required**" : "optional");
  if (spec.default !== undefined) parts.push(`default \`${JSON.stringify(spec.default)}\``);
  if (spec.secret) parts.push("secret");
  if (spec.replaceOnChanges) parts.push("replaces on change");
  if (hints(spec).computedInput) parts.push("computed by check");
  return parts.join(", ");
}

function propertyTable(
  schema: PackageSchema,
  properties: Record<string, PropertySpec>,
  required: ReadonlySet<string>,
): string {
  let text = "| Property | Type | Flags | Description |\n|---|---|---|---|\n";
  for (const [name, spec] of Object.entries(properties)) {
    text += `| \`${name}\` | ${typeLabel(schema, spec)} | ${notes(spec, required.has(name))} | ${cell(spec.description ?? "")} |\n`;
  }
  return `${text}\n`;
}

/** Object and enum types reachable from the properties, in first-use order. */
function referencedTypes(schema: PackageSchema, properties: Record<string, PropertySpec>): string[] {
  const found: string[] = [];
  const visit = (spec: TypeSpec) => {
    if (spec.items) visit(spec.items);
    if (spec.additionalProperties) visit(spec.additionalProperties);
    const token = spec.$ref === undefined ? undefined : localTypeToken(spec.$ref);
    if (token === undefined || found.includes(token)) return;
    found.push(token);
    const target = schema.types?.[token];
    for (const nested of Object.values(target?.properties ?? {})) visit(nested);
  };
  for (const spec of Object.values(properties)) visit(spec);
  return found.filter((token) => !isEnumType(schema.types?.[token] ?? { type: "string", enum: [] }));
}

function resourcePage(schema: PackageSchema, token: string, name: string, spec: ResourceSpec): string {
  const inputs = spec.inputProperties ?? {};
  const outputs = spec.properties ?? {};
  const computed = Object.fromEntries(Object.entries(outputs).filter(([key]) => !(key in inputs)));
  const secrets = propertyPaths(schema, inputs, (p) => !!p.secret);
  const replaces = propertyPaths(schema, inputs, (p) => !!p.replaceOnChanges);
  const defaults = Object.entries(inputs).filter(([, p]) => p.default !== undefined);

  let text = `${DOCS_HEADER}# ${name}\n\n\`${token}\`\n\n${spec.description ?? ""}\n\n`;
  const example = spec.language?.["scm-integrations"]?.example;
  if (example !== undefined) {
    text += '## Example\n\n```typescript\nimport * as scm from "pulumi-scm-integrations";\n\n';
    text += `${example}\n\`\`\`\n\n`;
  }
  text += "## Inputs\n\n";
  text += propertyTable(schema, inputs, new Set(spec.requiredInputs ?? []));
  text += "## Outputs\n\nEvery input is echoed as an output of the same name. In addition:\n\n";
  text += propertyTable(schema, computed, new Set(spec.required ?? []));

  text += "## Secrets\n\n";
  text +=
    secrets.length === 0
      ? "No input is secret.\n\n"
      : `Stored encrypted in state and never shown in logs or errors: ${secrets.map((p) => `\`${p}\``).join(", ")}.\n\n`;
  text += "## Replace on change\n\n";
  text +=
    replaces.length === 0
      ? "Every change is applied in place.\n\n"
      : `Changing any of these replaces the resource (delete, then create): ${replaces.map((p) => `\`${p}\``).join(", ")}. Every other change is an in-place update.\n\n`;
  text += "## Defaults\n\n";
  text +=
    defaults.length === 0
      ? "No input has a default.\n\n"
      : `${defaults.map(([key, p]) => `- \`${key}\`: \`${JSON.stringify(p.default)}\``).join("\n")}\n\n`;

  const types = referencedTypes(schema, outputs);
  if (types.length > 0) text += "## Types\n\n";
  for (const typeToken of types) {
    const type = schema.types?.[typeToken];
    if (type === undefined) continue;
    text += `### ${tokenName(typeToken)}\n\n${type.description ?? ""}\n\n`;
    text += propertyTable(schema, type.properties ?? {}, new Set(type.required ?? []));
  }
  return text.replace(/\n+$/, "\n");
}

function configurationPage(schema: PackageSchema): string {
  const variables = schema.config?.variables ?? {};
  let text = `${DOCS_HEADER}# Configuration\n\n`;
  text +=
    "Platform credentials and endpoints are provider configuration, never resource inputs, so they never " +
    "land in resource state. Each variable is read from stack config " +
    `\`${schema.name}:<name>\` (then the project-scoped \`<name>\`), then from its environment variables, ` +
    "then its default.\n\n";
  text += "```sh\n";
  text += `pulumi config set --secret ${schema.name}:snykToken <token>\n`;
  text += `pulumi config set ${schema.name}:snykRegion SNYK-EU-01\n`;
  text += "```\n\n";
  text += "| Variable | Type | Default | Environment | Secret | Description |\n|---|---|---|---|---|---|\n";
  for (const [name, spec] of Object.entries(variables)) {
    const env = (spec.defaultInfo?.environment ?? []).map((e) => `\`${e}\``).join(", ");
    const fallback = spec.default === undefined ? "" : `\`${JSON.stringify(spec.default)}\``;
    text += `| \`${name}\` | ${typeLabel(schema, spec)} | ${fallback} | ${env} | ${spec.secret ? "yes" : ""} | ${cell(spec.description ?? "")} |\n`;
  }
  return text;
}
