// The files the plugin serves from its package root: schema.json (GetSchema) and package.json (the
// version). Found by walking up from this module, so the same code runs from a clone's build/ and
// from an unpacked plugin tarball (which keeps the same layout).
import * as fs from "node:fs";
import * as path from "node:path";
import { servedSchema } from "./served-schema";

export interface PackageFiles {
  version: string;
  schema: string;
}

function packageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && fs.existsSync(path.join(dir, "schema.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json beside a schema.json above ${start}`);
  }
}

export function packageFiles(start: string = __dirname): PackageFiles {
  const root = packageRoot(start);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version?: unknown };
  const version = typeof manifest.version === "string" ? manifest.version : "0.0.0";
  // The engine checks the schema's version against the plugin's; both come from package.json.
  return { version, schema: servedSchema(fs.readFileSync(path.join(root, "schema.json"), "utf8"), version) };
}
