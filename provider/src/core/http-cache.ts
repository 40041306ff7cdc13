// Where the GitHub client keeps ETags and the listing pages they validate, from the `httpCacheDir`
// provider setting. Each pulumi command starts a new provider process, so a cache in memory only
// helps within one command; kept on disk (the default), the next command's listing of an unchanged
// organization is answered 304, which GitHub does not count against the primary rate limit.
import * as os from "node:os";
import * as path from "node:path";
import {
  FallbackConditionalCache,
  FileConditionalCache,
  MemoryConditionalCache,
  type ConditionalCache,
} from "./conditional-cache";
import { ScmIntegrationError, errorMessage } from "./errors";
import type { Logger } from "./log";

export const HTTP_CACHE_DIR_KEY = "scm-integrations:httpCacheDir";
export const HTTP_CACHE_DIR_ENV = "SCM_INTEGRATIONS_HTTP_CACHE_DIR";

export type HttpCacheLocation = { kind: "memory" } | { kind: "directory"; directory: string };

/** `$XDG_CACHE_HOME/pulumi-scm-integrations/http`, else `~/.cache/pulumi-scm-integrations/http`. */
export function defaultHttpCacheDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  homedir: () => string = os.homedir,
): string {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG base directory spec: a relative XDG_CACHE_HOME is invalid and must be ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), ".cache");
  return path.join(base, "pulumi-scm-integrations", "http");
}

/**
 * The setting as a location: unset → the default directory; `off` → memory, for one command only;
 * anything else must be an absolute directory (relative to what? the provider process's working
 * directory is not something a user chooses), else a configuration error naming the key.
 */
export function resolveHttpCacheLocation(
  value: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  homedir: () => string = os.homedir,
): HttpCacheLocation {
  const raw = value?.trim() ?? "";
  if (raw === "") {
    let directory: string;
    try {
      directory = defaultHttpCacheDir(env, homedir);
    } catch {
      // No home directory to be found (os.homedir throws): nothing sensible to default to.
      return { kind: "memory" };
    }
    return { kind: "directory", directory };
  }
  if (raw.toLowerCase() === "off") return { kind: "memory" };
  if (!path.isAbsolute(raw)) {
    // `~` is expanded by a shell, not by `pulumi config set`: suggest the path the user meant.
    const meant = /^~(?=$|\/)/.test(raw) ? path.join(homedir(), raw.slice(1)) : path.resolve(raw);
    throw new ScmIntegrationError(
      "invalid-input",
      `must be an absolute directory or "off", got the relative path "${raw}"`,
      {
        field: HTTP_CACHE_DIR_KEY,
        fix: `run \`pulumi config set ${HTTP_CACHE_DIR_KEY} ${meant}\` (or set ${HTTP_CACHE_DIR_ENV}) with an absolute path, or "off" to keep GitHub ETags in memory for one command only`,
      },
    );
  }
  return { kind: "directory", directory: path.resolve(raw) };
}

// One cache per location for the whole provider process: keys include a hash of the token, so one
// token's entries are never served to another, and `check` then `create` of one run share ETags.
export const processMemoryCache = new MemoryConditionalCache(50_000);
const directoryCaches = new Map<string, FallbackConditionalCache>();

/** The cache a GitHub client of this process uses at `location`; `logger` gets the one fallback warning. */
export function conditionalCacheFor(location: HttpCacheLocation, logger: Logger): ConditionalCache {
  if (location.kind === "memory") return processMemoryCache;
  const { directory } = location;
  let cache = directoryCaches.get(directory);
  if (!cache) {
    cache = new FallbackConditionalCache(
      new FileConditionalCache(directory),
      processMemoryCache,
      (error) =>
        `cannot keep GitHub ETags in ${directory} (${errorMessage(error)}); they are kept in memory for this command ` +
        `only, so the next command reads every repository page again. Fix: make ${directory} a writable directory, ` +
        `or set ${HTTP_CACHE_DIR_KEY} (or ${HTTP_CACHE_DIR_ENV}) to a writable absolute directory, or to "off"`,
    );
    directoryCaches.set(directory, cache);
  }
  return cache.reportingTo(logger);
}
