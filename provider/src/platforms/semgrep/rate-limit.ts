// One token bucket per Semgrep API key (and API root), shared by every client of that key in the provider
// process, so parallel resources together stay under the key's limit.
import { createHash } from "node:crypto";
import { TokenBucket } from "../../core/token-bucket";

export interface SemgrepRateLimit {
  requestsPerMinute: number;
  /** Largest burst; defaults to a tenth of a minute's budget. */
  burst?: number;
}

// Semgrep documents no rate limit (UNVERIFIED, platform-apis.md §3.1). 300 requests a minute (5/s, bursts
// of 10) is deliberately conservative; 429 + Retry-After are still honoured if the real limit is lower.
export const DEFAULT_SEMGREP_RATE_LIMIT: Required<SemgrepRateLimit> = { requestsPerMinute: 300, burst: 10 };

const buckets = new Map<string, TokenBucket>();

/** The bucket of this key at this limit (every client configured alike shares it). */
export function bucketFor(
  apiRoot: string,
  token: string,
  limit: SemgrepRateLimit = DEFAULT_SEMGREP_RATE_LIMIT,
): TokenBucket {
  // Keyed by a hash so the map never holds the token itself.
  const key = [apiRoot, createHash("sha256").update(token).digest("hex"), limit.requestsPerMinute, limit.burst].join(
    "\n",
  );
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = new TokenBucket({
      tokensPerInterval: limit.requestsPerMinute,
      intervalMs: 60_000,
      capacity: limit.burst ?? Math.max(1, Math.floor(limit.requestsPerMinute / 10)),
    });
    buckets.set(key, bucket);
  }
  return bucket;
}
