// The ownership marker on the Snyk projects a RepositoryImport imports (README.md, "Ownership").
//
// Written with REST `PATCH /orgs/{org_id}/projects/{project_id}` (updateOrgProject, GA 2024-05-31),
// which needs View Organization, View Projects and Edit Projects: an org-scoped token that imports can
// hold them (https://docs.snyk.io/snyk-api/reference/projects). V1 `POST /org/{orgId}/project/
// {projectId}/tags` needs Group Admin (https://docs.snyk.io/snyk-api/reference/projects-v1), which an
// org's token does not have, and would spend V1's budget that imports need. Project tags are an
// Enterprise-plan feature (https://docs.snyk.io/snyk-platform-administration/snyk-projects/project-tags):
// where Snyk refuses them, the import stands and the preview says ownership rests on the stack's state.
//
// A tag's key is "Alphanumeric including - and _ with a limit of 30 characters" and its value the same
// with a limit of 50 (Snyk V1 API description, `Tag`; the REST description states no limits and the
// project-tags page above allows longer values: the stricter ones are kept), so the owner
// `<project>/<stack>/<resource>` does not fit as it is. Two tags mark a project:
//   managed-by:pulumi-scm-integrations   the same on every marked project: one filtered projects
//                                        listing (`tags=managed-by:pulumi-scm-integrations`) finds
//                                        them all, whatever the number of unmarked projects
//   pulumi-owner:<readable>-<hash>       <readable>: the owner with each run of other characters made
//                                        `_`, cut to fit; <hash>: the first 12 hex digits of the
//                                        owner's SHA-256, so owners that read alike stay apart
//   pulumi-holder:<resource id>          which incarnation of that resource holds it: a replacement
//                                        (same owner, new id) stamps its own id on what it takes
//                                        over, so the replaced resource's delete leaves it
import { createHash } from "node:crypto";

export interface SnykTag {
  key: string;
  value: string;
}

/** Key of the tag naming the owner. */
export const SNYK_OWNER_TAG_KEY = "pulumi-owner";

/** The tag every marked project carries, so one filtered listing finds them all. */
export const SNYK_MARKED_TAG: SnykTag = { key: "managed-by", value: "pulumi-scm-integrations" };

/** Key of the tag naming the resource id (incarnation) that holds the project. */
export const SNYK_HOLDER_TAG_KEY = "pulumi-holder";

/** Snyk's limits (V1 `Tag`): alphanumeric with - and _, key ≤ 30 and value ≤ 50 characters. */
export const SNYK_TAG_KEY_PATTERN = /^[A-Za-z0-9_-]{1,30}$/;
export const SNYK_TAG_VALUE_PATTERN = /^[A-Za-z0-9_-]{1,50}$/;

const HASH_DIGITS = 12;
const VALUE_LIMIT = 50;

/** The `pulumi-owner` value for an owner `<project>/<stack>/<resource>`: deterministic, within Snyk's limits. */
export function snykOwnerValue(owner: string): string {
  const hash = createHash("sha256").update(owner, "utf8").digest("hex").slice(0, HASH_DIGITS);
  const readable = owner
    .replace(/[^A-Za-z0-9_-]+/g, "_")
    .slice(0, VALUE_LIMIT - HASH_DIGITS - 1)
    .replace(/^[_-]+|[_-]+$/g, "");
  return readable === "" ? hash : `${readable}-${hash}`;
}

/** The `pulumi-holder` value for a resource id: the id itself (`ri-<uuid>` fits), else its hash. */
export function snykHolderValue(resourceId: string): string {
  return SNYK_TAG_VALUE_PATTERN.test(resourceId)
    ? resourceId
    : createHash("sha256").update(resourceId, "utf8").digest("hex").slice(0, 40);
}

/** The tags that mark a project as imported by `owner`, and held by the resource `holder` when given. */
export function snykOwnerTags(owner: string, holder?: string): SnykTag[] {
  return [
    SNYK_MARKED_TAG,
    { key: SNYK_OWNER_TAG_KEY, value: snykOwnerValue(owner) },
    ...(holder !== undefined ? [{ key: SNYK_HOLDER_TAG_KEY, value: snykHolderValue(holder) }] : []),
  ];
}

/** The holder values (`pulumi-holder`) a project's tags carry. */
export function snykHoldersOf(tags: readonly SnykTag[] | null | undefined): string[] {
  return (tags ?? []).filter((t) => t.key === SNYK_HOLDER_TAG_KEY).map((t) => t.value);
}

/** The owner marker a project's tags carry (the `pulumi-owner` value), or undefined. */
export function snykOwnerMarkerOf(tags: readonly SnykTag[] | null | undefined): string | undefined {
  return (tags ?? []).find((t) => t.key === SNYK_OWNER_TAG_KEY)?.value;
}

/**
 * The tags to send so a project carries `owner`'s marker (and `holder`'s id in place of any other
 * holder's), keeping every other tag it has (a PATCH replaces the whole list:
 * https://jsonapi.org/format/#crud-updating-resources); undefined when nothing is to be sent: it is
 * marked so already, or another owner's marker is on it (never taken over here).
 */
export function tagsMarkingOwner(existing: readonly SnykTag[], owner: string, holder?: string): SnykTag[] | undefined {
  const marker = snykOwnerMarkerOf(existing);
  if (marker !== undefined && marker !== snykOwnerValue(owner)) return undefined;
  const wanted = snykOwnerTags(owner, holder);
  const heldBy = holder !== undefined ? snykHolderValue(holder) : undefined;
  const kept = existing.filter((t) => heldBy === undefined || t.key !== SNYK_HOLDER_TAG_KEY || t.value === heldBy);
  const missing = wanted.filter((w) => !kept.some((t) => t.key === w.key && t.value === w.value));
  if (missing.length === 0 && kept.length === existing.length) return undefined;
  return [...kept.map((t) => ({ key: t.key, value: t.value })), ...missing];
}
