// GitHub repository JSON → RepositoryInfo, checking the few fields we rely on so that a body that
// is not a repository fails loudly instead of producing half-empty entries.
import { ScmIntegrationError } from "../../core/errors";
import type { RepositoryInfo } from "../types";
import { sharedString } from "../../core/shared-strings";

interface RepositoryJson {
  id?: unknown;
  full_name?: unknown;
  default_branch?: unknown;
  visibility?: unknown;
  private?: unknown;
  archived?: unknown;
  fork?: unknown;
  topics?: unknown;
}

const NO_TOPICS: readonly string[] = Object.freeze([]);

function topicsOf(raw: unknown): readonly string[] {
  const topics = Array.isArray(raw) ? raw.filter((t): t is string => typeof t === "string") : [];
  return topics.length > 0 ? topics : NO_TOPICS;
}

export function toRepositoryInfo(raw: unknown, where: string): RepositoryInfo {
  const json = (typeof raw === "object" && raw !== null ? raw : {}) as RepositoryJson;
  if (typeof json.id !== "number" || typeof json.full_name !== "string") {
    throw new ScmIntegrationError("protocol", `${where}: an entry is not a GitHub repository (no id / full_name)`);
  }
  // `visibility` is optional in the schema (old GHES); `private` is always there.
  const visibility =
    json.visibility === "public" || json.visibility === "private" || json.visibility === "internal"
      ? json.visibility
      : json.private === true
        ? "private"
        : "public";
  return {
    id: json.id,
    fullName: sharedString(json.full_name),
    defaultBranch: typeof json.default_branch === "string" ? json.default_branch : null,
    visibility,
    archived: json.archived === true,
    fork: json.fork === true,
    topics: topicsOf(json.topics),
  };
}

/**
 * A repository of a page replayed from the conditional cache (written by this provider, read back
 * as JSON): its name shared and its empty topics the shared empty list again, as a fresh answer's
 * are, so a listing served from the cache holds no more than a fresh one.
 */
export function fromCachedRepositoryInfo(repo: RepositoryInfo): RepositoryInfo {
  return { ...repo, fullName: sharedString(repo.fullName), topics: topicsOf(repo.topics) };
}
