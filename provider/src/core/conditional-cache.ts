// A store for conditional requests: the ETag and the (already parsed) body of a response, per
// token and URL, so a repeated request can send If-None-Match and reuse the body on 304. GitHub
// does not count 304s against the primary rate limit, so an unchanged listing is almost free.
// Entries are keyed by sha256(sha256(token) + url): a token is never stored, nor derivable from a
// key, and one token's cached view of a resource is never served to another token.
import { createHash, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Logger } from "./log";

export interface CachedResponse {
  etag: string;
  /** The body as the caller chose to keep it (often a parsed projection, not the raw JSON). */
  body: unknown;
  /** Response headers the caller needs again on a 304 (e.g. `link`), lower-case names. */
  headers: Record<string, string>;
}

export interface ConditionalCache {
  get(token: string, url: string): Promise<CachedResponse | undefined>;
  set(token: string, url: string, entry: CachedResponse): Promise<void>;
  delete(token: string, url: string): Promise<void>;
}

export function conditionalCacheKey(token: string, url: string): string {
  const tokenHash = createHash("sha256").update(token).digest("hex");
  return createHash("sha256").update(`${tokenHash}\n${url}`).digest("hex");
}

/** In-process cache, bounded: the oldest entries go first once `maxEntries` is reached. */
export class MemoryConditionalCache implements ConditionalCache {
  private readonly entries = new Map<string, CachedResponse>();

  constructor(private readonly maxEntries = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  async get(token: string, url: string): Promise<CachedResponse | undefined> {
    return this.entries.get(conditionalCacheKey(token, url));
  }

  async set(token: string, url: string, entry: CachedResponse): Promise<void> {
    const key = conditionalCacheKey(token, url);
    this.entries.delete(key); // re-insert so Map order stays oldest-first
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  async delete(token: string, url: string): Promise<void> {
    this.entries.delete(conditionalCacheKey(token, url));
  }
}

/**
 * A cache that survives the provider process (one `pulumi up` to the next): one JSON file per
 * entry under `directory` (created 0700), each file 0600, written to a temporary name and renamed
 * so a crash never leaves a torn entry. A file that cannot be read or parsed is a miss.
 */
export class FileConditionalCache implements ConditionalCache {
  private ready: Promise<void> | undefined;

  constructor(readonly directory: string) {}

  private ensureDirectory(): Promise<void> {
    this.ready ??= fs.mkdir(this.directory, { recursive: true, mode: 0o700 }).then(() => undefined);
    return this.ready;
  }

  private fileFor(token: string, url: string): string {
    return path.join(this.directory, `${conditionalCacheKey(token, url)}.json`);
  }

  async get(token: string, url: string): Promise<CachedResponse | undefined> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.fileFor(token, url), "utf8")) as Partial<CachedResponse> & {
        url?: string;
      };
      if (typeof parsed.etag !== "string" || parsed.url !== url) return undefined;
      return { etag: parsed.etag, body: parsed.body, headers: parsed.headers ?? {} };
    } catch {
      return undefined;
    }
  }

  async set(token: string, url: string, entry: CachedResponse): Promise<void> {
    await this.ensureDirectory();
    const file = this.fileFor(token, url);
    const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    // The URL is stored to detect (astronomically unlikely) key collisions; it never holds a token.
    await fs.writeFile(temporary, JSON.stringify({ url, ...entry }), { mode: 0o600 });
    await fs.rename(temporary, file);
  }

  async delete(token: string, url: string): Promise<void> {
    await fs.rm(this.fileFor(token, url), { force: true });
  }
}

/**
 * A persistent cache that never makes a listing fail: the first write it cannot make (the directory
 * cannot be created, is read-only, the disk is full) moves it to `fallback` for the rest of the
 * process, and one warning says so. Losing the cache costs rate limit, never correctness.
 */
export class FallbackConditionalCache {
  private failed = false;

  constructor(
    private readonly primary: ConditionalCache,
    private readonly fallback: ConditionalCache,
    /** The warning for a write that failed (the cache is shared, so it is given once per process). */
    private readonly warning: (error: unknown) => string,
  ) {}

  /** True once a write failed and entries are kept in the fallback. */
  get degraded(): boolean {
    return this.failed;
  }

  /**
   * The cache as one client uses it: if that client meets the failure first, the warning goes to its
   * logger, so the line names the resource whose command it slowed.
   */
  reportingTo(logger: Logger): ConditionalCache {
    return {
      get: (token, url) => (this.failed ? this.fallback : this.primary).get(token, url),
      set: async (token, url, entry) => {
        if (!this.failed) {
          try {
            await this.primary.set(token, url, entry);
            return;
          } catch (error) {
            if (!this.failed) {
              this.failed = true;
              logger.warn(this.warning(error));
            }
          }
        }
        await this.fallback.set(token, url, entry);
      },
      delete: async (token, url) => {
        await this.fallback.delete(token, url);
        // An entry left behind is harmless: its ETag still has to match for GitHub to answer 304.
        if (!this.failed) await this.primary.delete(token, url).catch(() => undefined);
      },
    };
  }
}
