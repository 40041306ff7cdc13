// Derives the committed API contracts under test/contracts/ from the vendors' published API
// descriptions: the Snyk and Semgrep files in ../shared/specs (see its README for their sources) and
// GitHub's description in the @octokit/openapi npm package. Only the operations the project uses are
// kept (method, path template, parameters, request body and response schemas per status), with every
// $ref resolved into the file itself and no prose, so tests need nothing outside the repository.
// GitLab publishes no usable description for these endpoints: test/contracts/gitlab.json is written
// by hand and is not touched here.
//
//   node --require ts-node/register/transpile-only scripts/contracts/derive.ts           write
//   node --require ts-node/register/transpile-only scripts/contracts/derive.ts --check   compare
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";

import { CONTRACT_SOURCES, type ContractSource, type Correction } from "./sources";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

// js-yaml (a dependency of the toolchain, without bundled types): only `load` is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS module
const yaml = require("js-yaml") as { load(text: string, options?: { filename?: string }): unknown };

const repoRoot = path.resolve(__dirname, "..", "..");
// CONTRACT_SPECS_DIR: another copy of the descriptions (the default is the sibling ../shared/specs).
const specsDir = process.env.CONTRACT_SPECS_DIR ?? path.resolve(repoRoot, "..", "shared", "specs");
const outDir = path.join(repoRoot, "test", "contracts");

/** Schema keywords kept: what validation needs. Prose, examples and vendor extensions go. */
const KEPT_KEYWORDS = new Set([
  "type",
  "properties",
  "additionalProperties",
  "required",
  "items",
  "enum",
  "format",
  "nullable",
  "oneOf",
  "anyOf",
  "allOf",
  "not",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
  "multipleOf",
  "$ref",
]);

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A description's string field as it is; anything else (a malformed description) as JSON, for messages and keys. */
function asText(v: Json | undefined): string {
  return typeof v === "string" ? v : (JSON.stringify(v) ?? "undefined");
}

function readDescription(file: string): JsonObject {
  const text = fs.readFileSync(file, "utf8");
  // The Semgrep v2 file is YAML 1.1: js-yaml's default schema reads its `!!float` tags; the 1.1-only
  // boolean spellings (yes/no/on/off), which it would read as strings, must not occur unquoted.
  const yaml11Boolean = /^[^#'"\n]*(?::|^\s*-)\s+(?:yes|no|on|off|y|n)\s*$/im.exec(text);
  if (!file.endsWith(".json") && yaml11Boolean) throw new Error(`${file}: YAML 1.1 boolean ${yaml11Boolean[0].trim()}`);
  const doc = file.endsWith(".json") ? (JSON.parse(text) as unknown) : yaml.load(text, { filename: file });
  if (!isObject(doc) || !isObject(doc["paths"])) throw new Error(`${file}: not an OpenAPI document`);
  return doc;
}

/** Follows a local JSON pointer (`#/components/…`). */
function pointer(doc: JsonObject, ref: string): Json {
  if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
  let node: Json = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(node) || !(key in node)) throw new Error(`dangling $ref ${ref}`);
    node = node[key]!;
  }
  return node;
}

/** Resolves non-schema refs (parameters, responses, request bodies) by inlining them. */
function deref(doc: JsonObject, node: Json): Json {
  let current = node;
  for (let i = 0; isObject(current) && typeof current["$ref"] === "string"; i++) {
    if (i > 20) throw new Error("$ref cycle");
    current = pointer(doc, current["$ref"]);
  }
  return current;
}

class SchemaCollector {
  readonly schemas: Record<string, Json> = {};
  private readonly pending: string[] = [];

  constructor(private readonly doc: JsonObject) {}

  /** A cleaned copy of a schema; component refs become `#/schemas/<name>` and the component is kept. */
  clean(schema: Json): Json {
    if (Array.isArray(schema)) return schema.map((s) => this.clean(s));
    if (!isObject(schema)) return schema;
    const ref = schema["$ref"];
    if (typeof ref === "string") {
      const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
      if (!m) return this.clean(deref(this.doc, schema));
      const name = m[1]!;
      if (!(name in this.schemas)) {
        this.schemas[name] = null;
        this.pending.push(name);
      }
      return { $ref: `#/schemas/${name}` };
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(schema)) {
      if (!KEPT_KEYWORDS.has(key)) continue;
      if (key === "properties" && isObject(value)) {
        const props: JsonObject = {};
        for (const [name, sub] of Object.entries(value)) props[name] = this.clean(sub);
        out[key] = props;
      } else if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) {
        // `allOf: [ref, {example: …}]` (Snyk V1) leaves an empty member once prose is gone.
        const members = value.map((s) => this.clean(s)).filter((s) => !(isObject(s) && Object.keys(s).length === 0));
        if (key === "allOf" && members.length === 1) Object.assign(out, members[0] as JsonObject);
        else if (members.length > 0) out[key] = members;
      } else if (key === "items" || key === "not" || (key === "additionalProperties" && isObject(value))) {
        out[key] = this.clean(value);
      } else {
        out[key] = value;
      }
    }
    // OpenAPI 3.0 `nullable` means nothing without `type` (and Ajv refuses it): an untyped schema accepts null anyway.
    if (out["nullable"] !== undefined && out["type"] === undefined) delete out["nullable"];
    return out;
  }

  /** Cleans every component reached so far (and those they reach). */
  drain(): void {
    for (let name = this.pending.shift(); name !== undefined; name = this.pending.shift()) {
      this.schemas[name] = this.clean(pointer(this.doc, `#/components/schemas/${name}`));
    }
  }
}

interface DerivedParameter {
  name: string;
  in: string;
  required: boolean;
  schema: Json;
}

function jsonContent(content: Json): Json | undefined {
  if (!isObject(content)) return undefined;
  const type = Object.keys(content).find((t) => t === "application/json" || /\+json$/.test(t) || t === "*/*");
  if (type === undefined) return undefined;
  const media = content[type];
  return isObject(media) && media["schema"] !== undefined ? media["schema"] : {};
}

function deriveOperation(
  doc: JsonObject,
  collector: SchemaCollector,
  method: string,
  template: string,
  source: string,
): JsonObject {
  const pathItem = (doc["paths"] as JsonObject)[template];
  if (!isObject(pathItem)) throw new Error(`${source}: no path ${template}`);
  const op = pathItem[method.toLowerCase()];
  if (!isObject(op)) throw new Error(`${source}: no ${method} ${template}`);
  const params = new Map<string, DerivedParameter>();
  for (const list of [pathItem["parameters"], op["parameters"]]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = deref(doc, raw);
      if (!isObject(p)) continue;
      const name = asText(p["name"]);
      const location = asText(p["in"]);
      params.set(`${location}:${name}`, {
        name,
        in: location,
        required: p["required"] === true || location === "path",
        schema: collector.clean(p["schema"] ?? {}),
      });
    }
  }
  const out: JsonObject = {
    method,
    path: template,
    parameters: [...params.values()] as unknown as Json,
  };
  const body = op["requestBody"] === undefined ? undefined : deref(doc, op["requestBody"]);
  if (isObject(body)) {
    const schema = jsonContent(body["content"] ?? null);
    out["requestBody"] = {
      required: body["required"] === true,
      schema: schema === undefined ? {} : collector.clean(schema),
    };
  }
  const responses: JsonObject = {};
  for (const [status, raw] of Object.entries(isObject(op["responses"]) ? op["responses"] : {})) {
    const response = deref(doc, raw);
    const schema = isObject(response) ? jsonContent(response["content"] ?? null) : undefined;
    // null: the status is documented without a JSON body.
    responses[status] = { schema: schema === undefined ? null : collector.clean(schema) };
  }
  out["responses"] = responses;
  return out;
}

function derive(source: ContractSource, derived: string): JsonObject {
  const file = source.packageFile
    ? require.resolve(source.packageFile, { paths: [repoRoot] })
    : path.join(specsDir, source.specFile!);
  const doc = readDescription(file);
  const collector = new SchemaCollector(doc);
  const operations = source.operations.map((o) => {
    const derivedOp = deriveOperation(doc, collector, o.method, o.from ?? o.path, source.name);
    if (o.from) {
      derivedOp["path"] = o.path;
      // Path parameters are the alias's own.
      derivedOp["parameters"] = [
        ...(o.pathParameters ?? []).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
        ...(derivedOp["parameters"] as unknown as DerivedParameter[]).filter((p) => p.in !== "path"),
      ] as unknown as Json;
    }
    if (o.unverified) derivedOp["unverified"] = o.unverified;
    if (o.requestBodyAlternatives) narrowRequestBody(derivedOp, o.requestBodyAlternatives, source.name);
    return derivedOp;
  });
  const responseAllowances: JsonObject = {};
  for (const [status, allowance] of Object.entries(source.responseAllowances ?? {})) {
    responseAllowances[status] = {
      unverified: allowance.unverified,
      schema: allowance.schemaFrom ? collector.clean({ $ref: `#/components/schemas/${allowance.schemaFrom}` }) : {},
    };
  }
  for (const extra of source.handWritten ?? []) operations.push(extra as JsonObject);
  collector.drain();
  const corrections = applyCorrections(source.corrections ?? [], [
    ...Object.entries(collector.schemas).map(([name, schema]) => [`schemas/${name}`, schema] as const),
    ...operations.map((op) => [`${asText(op["method"])} ${asText(op["path"])}`, op as Json] as const),
  ]);
  const version = source.packageFile
    ? (
        JSON.parse(
          fs.readFileSync(require.resolve("@octokit/openapi/package.json", { paths: [repoRoot] }), "utf8"),
        ) as {
          version: string;
        }
      ).version
    : undefined;
  return {
    contract: source.name,
    source: {
      file: source.packageFile ?? source.specFile ?? source.origin,
      origin: source.origin,
      ...(version ? { packageVersion: `@octokit/openapi@${version}` } : {}),
      ...(source.commit ? { commit: source.commit } : {}),
      derived,
      derivedBy: "scripts/contracts/derive.ts",
    },
    basePaths: source.basePaths,
    ...(Object.keys(responseAllowances).length > 0 ? { responseAllowances } : {}),
    ...(corrections.length > 0 ? { corrections } : {}),
    operations: operations,
    schemas: Object.fromEntries(Object.entries(collector.schemas).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** Keeps the named alternatives of a `oneOf` request body, and says so in the operation. */
function narrowRequestBody(op: JsonObject, narrowing: { keep: string[]; because: string }, source: string): void {
  const body = op["requestBody"];
  const schema = isObject(body) ? body["schema"] : undefined;
  const members = isObject(schema) ? schema["oneOf"] : undefined;
  if (!isObject(body) || !isObject(schema) || !Array.isArray(members))
    throw new Error(`${source}: ${asText(op["path"])} has no oneOf request body to narrow`);
  const wanted = new Set(narrowing.keep.map((name) => `#/schemas/${name}`));
  const kept = members.filter((m) => isObject(m) && wanted.has(asText(m["$ref"])));
  if (kept.length !== wanted.size)
    throw new Error(`${source}: ${asText(op["path"])} lacks some of ${narrowing.keep.join(", ")}`);
  schema["oneOf"] = kept;
  op["requestBodyNarrowed"] = { kept: narrowing.keep, because: narrowing.because };
}

/** Applies each correction to every schema node under the roots; records where it changed something. */
function applyCorrections(corrections: Correction[], roots: (readonly [string, Json])[]): Json[] {
  const out: Json[] = [];
  for (const correction of corrections) {
    const where = new Set<string>();
    for (const [name, root] of roots) {
      if (correction.only && !correction.only.includes(name)) continue;
      const walk = (node: Json): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!isObject(node)) return;
        if (correction.apply(node)) where.add(name);
        for (const [key, value] of Object.entries(node)) {
          // A `properties` map is keyed by property names, not keywords: only its values are schemas.
          if (key === "properties" && isObject(value)) Object.values(value).forEach(walk);
          else walk(value);
        }
      };
      walk(root);
    }
    if (where.size > 0) out.push({ id: correction.id, unverified: correction.unverified, where: [...where].sort() });
  }
  return out;
}

/** Formatted as the repository's prettier settings would, so `prettier --check` and diffs stay clean. */
async function serialize(contract: JsonObject, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(JSON.stringify(contract), { ...options, filepath: file });
}

/** The contract without its derivation date, which changes every day. */
function comparable(text: string): string {
  const parsed = JSON.parse(text) as { source?: { derived?: string } };
  if (parsed.source) delete parsed.source.derived;
  return JSON.stringify(parsed);
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  if (!fs.existsSync(specsDir)) {
    console.log("skipped: ../shared/specs absent");
    return;
  }
  const derived = new Date().toISOString().slice(0, 10);
  let stale = 0;
  for (const source of CONTRACT_SOURCES) {
    const target = path.join(outDir, `${source.name}.json`);
    const text = await serialize(derive(source, derived), target);
    if (check) {
      const committed = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
      if (committed === "" || comparable(committed) !== comparable(text)) {
        console.error(`${path.relative(repoRoot, target)} differs from a fresh derivation: run make contracts`);
        stale++;
      }
    } else {
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(target, text);
      console.log(`${path.relative(repoRoot, target)}: ${Buffer.byteLength(text)} bytes`);
    }
  }
  if (stale > 0) process.exitCode = 1;
  else if (check) console.log("contracts are up to date");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
