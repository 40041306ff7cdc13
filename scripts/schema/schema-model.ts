// The subset of the Pulumi package schema (pulumi/pulumi pkg/codegen/schema/pulumi.json) that
// schema.json uses, plus small lookups every generator needs. Reading only: nothing here writes files.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** Validation hints Pulumi's metaschema has no keyword for; kept under `language["scm-integrations"]`,
 *  the metaschema's slot for generator-specific data, so other Pulumi tooling ignores them. */
export interface ValidationHints {
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  /** How a message names an acceptable value when `pattern` alone would read badly. */
  expected?: string;
  /** An input the provider computes at check (users never set it): left out of the SDK args. */
  computedInput?: boolean;
}

export interface TypeSpec {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  language?: { "scm-integrations"?: ValidationHints } & Record<string, unknown>;
}

export interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  default?: string | number | boolean;
  defaultInfo?: { environment: string[] };
}

export interface EnumValueSpec {
  value: string | number | boolean;
  name?: string;
  description?: string;
}

export interface ComplexTypeSpec {
  type: "object" | "string" | "integer" | "number" | "boolean";
  description?: string;
  properties?: Record<string, PropertySpec>;
  required?: string[];
  enum?: EnumValueSpec[];
}

export interface ResourceSpec {
  description?: string;
  properties?: Record<string, PropertySpec>;
  required?: string[];
  inputProperties?: Record<string, PropertySpec>;
  requiredInputs?: string[];
  language?: { "scm-integrations"?: { example?: string } } & Record<string, unknown>;
}

export interface PackageSchema {
  name: string;
  displayName?: string;
  version?: string;
  description?: string;
  config?: { variables?: Record<string, PropertySpec>; defaults?: string[] };
  types?: Record<string, ComplexTypeSpec>;
  resources?: Record<string, ResourceSpec>;
  language?: Record<string, unknown>;
}

/** The repository root: the nearest folder up from here holding package.json and schema.json (also
 *  right when this file runs compiled from build/scripts/schema, where only a copy of schema.json lives). */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "schema.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json with schema.json above ${from}`);
  }
}

export function loadSchema(file = path.join(repoRoot(), "schema.json")): PackageSchema {
  return JSON.parse(readFileSync(file, "utf8")) as PackageSchema;
}

const LOCAL_TYPE_REF = "#/types/";

/** `#/types/scm-integrations:index:Platform` → the token, or undefined for anything else. */
export function localTypeToken(ref: string): string | undefined {
  return ref.startsWith(LOCAL_TYPE_REF) ? ref.slice(LOCAL_TYPE_REF.length) : undefined;
}

/** `scm-integrations:index:RepositoryImport` → `RepositoryImport`. */
export function tokenName(token: string): string {
  const name = token.split(":")[2];
  if (!name) throw new Error(`not a type token: ${token}`);
  return name;
}

/** `RepositoryImport` → `repositoryImport`. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `RepositoryImport` → `repository-import` (file names). */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** `github-enterprise` / `SNYK-US-01` → `GithubEnterprise` / `SnykUs01` (enum member names). */
export function pascalFromValue(value: string): string {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join("");
}

export function hints(spec: TypeSpec): ValidationHints {
  return spec.language?.["scm-integrations"] ?? {};
}

export function resolveType(schema: PackageSchema, ref: string): { token: string; spec: ComplexTypeSpec } {
  const token = localTypeToken(ref);
  const spec = token === undefined ? undefined : schema.types?.[token];
  if (token === undefined || spec === undefined) throw new Error(`unresolved type reference ${ref}`);
  return { token, spec };
}

export function isEnumType(spec: ComplexTypeSpec): boolean {
  return Array.isArray(spec.enum);
}

export function enumValues(spec: ComplexTypeSpec): string[] {
  return (spec.enum ?? []).map((entry) => String(entry.value));
}

/** Resources sorted by token, so every generated file lists them in one stable order. */
export function resourcesOf(schema: PackageSchema): { token: string; name: string; spec: ResourceSpec }[] {
  return Object.entries(schema.resources ?? {})
    .map(([token, spec]) => ({ token, name: tokenName(token), spec }))
    .sort((a, b) => a.token.localeCompare(b.token));
}

export function typesOf(schema: PackageSchema): { token: string; name: string; spec: ComplexTypeSpec }[] {
  return Object.entries(schema.types ?? {})
    .map(([token, spec]) => ({ token, name: tokenName(token), spec }))
    .sort((a, b) => a.token.localeCompare(b.token));
}

/** Dotted paths of every property, reached through object types, for which `pick` holds. */
export function propertyPaths(
  schema: PackageSchema,
  properties: Record<string, PropertySpec>,
  pick: (spec: PropertySpec) => boolean,
  prefix = "",
  seen: ReadonlySet<string> = new Set(),
): string[] {
  const paths: string[] = [];
  for (const [name, spec] of Object.entries(properties)) {
    const here = prefix ? `${prefix}.${name}` : name;
    if (pick(spec)) paths.push(here);
    const ref = spec.$ref;
    if (ref === undefined) continue;
    const { token, spec: target } = resolveType(schema, ref);
    if (isEnumType(target) || seen.has(token)) continue;
    paths.push(...propertyPaths(schema, target.properties ?? {}, pick, here, new Set([...seen, token])));
  }
  return paths;
}
