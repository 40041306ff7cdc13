// Generates everything derived from schema.json:
//   provider/src/core/domain.generated.ts       the domain model: enums and object types every layer imports
//   provider/src/resources/schema.generated.ts  zod validators, resource types, secret / replace / default facts
//   sdk/types.generated.ts                      public SDK argument and output types
//   docs/reference/*.md                         reference pages
// Usage: node --require ts-node/register/transpile-only scripts/schema/generate.ts [--check]
// --check writes nothing and exits 1 when any generated file is missing, stale or unexpected.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { emitDocs } from "./emit-docs";
import { emitDomainModule } from "./emit-domain";
import { emitProviderModule } from "./emit-provider";
import { emitSdkModule } from "./emit-sdk";
import type { PackageSchema } from "./schema-model";
import { loadSchema, repoRoot } from "./schema-model";
import { validateSchema } from "./validate-schema";

export const DOMAIN_MODULE = "provider/src/core/domain.generated.ts";
export const PROVIDER_MODULE = "provider/src/resources/schema.generated.ts";
export const SDK_MODULE = "sdk/types.generated.ts";
export const DOCS_DIR = "docs/reference";

/** Every generated file: path relative to the repository root → content. Throws on an unsound schema. */
export async function generateFiles(schema: PackageSchema, root = repoRoot()): Promise<Map<string, string>> {
  const problems = validateSchema(schema);
  if (problems.length > 0) throw new Error(`schema.json is not sound:\n  ${problems.join("\n  ")}`);
  const files = new Map<string, string>();
  files.set(DOMAIN_MODULE, await formatTypeScript(emitDomainModule(schema), path.join(root, DOMAIN_MODULE)));
  files.set(PROVIDER_MODULE, await formatTypeScript(emitProviderModule(schema), path.join(root, PROVIDER_MODULE)));
  files.set(SDK_MODULE, await formatTypeScript(emitSdkModule(schema), path.join(root, SDK_MODULE)));
  for (const [name, content] of emitDocs(schema)) files.set(`${DOCS_DIR}/${name}`, content);
  return files;
}

// Generated TypeScript goes through the repository's prettier settings so `prettier --check .` and
// `--check` here can never disagree about what a fresh file looks like.
async function formatTypeScript(source: string, filePath: string): Promise<string> {
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(filePath)) ?? {};
  return prettier.format(source, { ...options, filepath: filePath });
}

/** Generated paths whose on-disk content differs from `files`, plus stray pages in docs/reference. */
export function staleFiles(files: ReadonlyMap<string, string>, root = repoRoot()): string[] {
  const stale: string[] = [];
  for (const [relative, content] of files) {
    let current: string | undefined;
    try {
      current = readFileSync(path.join(root, relative), "utf8");
    } catch {
      current = undefined;
    }
    if (current !== content) stale.push(relative);
  }
  let pages: string[] = [];
  try {
    pages = readdirSync(path.join(root, DOCS_DIR)).filter((name) => name.endsWith(".md"));
  } catch {
    // no docs folder yet: every page is already reported missing above
  }
  for (const page of pages) {
    const relative = `${DOCS_DIR}/${page}`;
    if (!files.has(relative)) stale.push(`${relative} (not generated any more: delete it)`);
  }
  return stale;
}

/** The command line: writes the files, or with --check reports stale ones. Returns the exit code. */
export async function runGenerator(argv: readonly string[], root = repoRoot()): Promise<number> {
  const check = argv.includes("--check");
  const files = await generateFiles(loadSchema(path.join(root, "schema.json")), root);
  if (check) {
    const stale = staleFiles(files, root);
    if (stale.length === 0) {
      console.log(`generated files are fresh (${files.size} files)`);
      return 0;
    }
    console.error(`stale generated files — run \`make generate\` and commit the result:\n  ${stale.join("\n  ")}`);
    return 1;
  }
  for (const [relative, content] of files) {
    const target = path.join(root, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  console.log(`wrote ${files.size} files from schema.json`);
  return 0;
}

if (require.main === module) {
  runGenerator(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
