// One request budget per Snyk API key in this process, shared by the V1 and REST clients of that key.
//
// Snyk documents V1 at 2,000 requests/min per key and REST at 1,620/min per key (REST also shows a
// 160/s bucket in its headers). Whether the two dialects count against one counter or two is not
// documented (UNVERIFIED), so the conservative choice is ONE bucket for both, sized under the
// stricter REST limit: a token bucket lets through at most `capacity + rate × T` requests in any
// window T, so 1,500/min with a burst of 100 stays ≤ 1,600 per minute (< 1,620) and ≤ 125 per
// second (< 160) whatever the window alignment. Tests pass smaller numbers through `SnykRateBudget`.
import { createHash } from "node:crypto";
import { TokenBucket } from "../../core/token-bucket";

export interface SnykRateBudget {
  /** Average requests per `intervalMs`. */
  tokensPerInterval: number;
  intervalMs: number;
  /** Largest burst. */
  capacity: number;
}

export const DEFAULT_SNYK_RATE_BUDGET: SnykRateBudget = { tokensPerInterval: 1_500, intervalMs: 60_000, capacity: 100 };

// Module-level on purpose: the budget belongs to the key, not to one client, and the provider
// module is loaded once per provider process (never serialized into state). Keys are hashed so the
// map never holds a token.
const buckets = new Map<string, TokenBucket>();

/** The bucket of this API key at this API root (a key is region-bound, so the root is part of the identity). */
export function snykBucketFor(
  apiToken: string,
  apiRoot: string,
  budget: SnykRateBudget = DEFAULT_SNYK_RATE_BUDGET,
): TokenBucket {
  const id = createHash("sha256")
    .update(`${apiRoot}\n${apiToken}\n${budget.tokensPerInterval}/${budget.intervalMs}/${budget.capacity}`)
    .digest("hex");
  let bucket = buckets.get(id);
  if (!bucket) {
    bucket = new TokenBucket(budget);
    buckets.set(id, bucket);
  }
  return bucket;
}
