// Which stack and resource onboarded a Semgrep project, kept as a project tag.
import { errorMessage } from "../../core/errors";
import type { SemgrepContext } from "./platform-context";

/**
 * Project tag marking the stack and resource that onboarded a project: `pulumi-owner:<project>/<stack>/<resource>`.
 * Semgrep project tags are free strings, created on first use (PUT …/projects/{projectName}/tags, "Any
 * project tags that do not already exist for the deployment will be created automatically"); which
 * characters a tag may hold is not documented (UNVERIFIED), so the marker keeps to the ones a stack
 * and resource name use.
 */
const OWNER_TAG_PREFIX = "pulumi-owner:";

export function ownerOf(tags: readonly string[] | null | undefined): string | undefined {
  const tag = (tags ?? []).find((t) => t.startsWith(OWNER_TAG_PREFIX));
  return tag === undefined ? undefined : tag.slice(OWNER_TAG_PREFIX.length);
}

/**
 * Stamp the owner marker on a project this resource onboarded. A failure is reported, not fatal: the
 * project is onboarded and recorded in the state's `owned`; only other stacks' view is less precise.
 */
export async function markOwner(
  { client, logger }: SemgrepContext,
  slug: string,
  projectName: string,
  owner: string | undefined,
): Promise<void> {
  if (owner === undefined) return;
  try {
    await client.addProjectTags(slug, projectName, [`${OWNER_TAG_PREFIX}${owner}`]);
  } catch (e) {
    logger.warn(`Semgrep: could not tag project ${projectName} with its owner: ${errorMessage(e)}`);
  }
}

/** Take the owner marker off a project scanned by nobody now, so whoever onboards it next owns it; a failure is reported. */
export async function unmarkOwner(
  { client, logger }: SemgrepContext,
  slug: string,
  projectName: string,
  owner: string,
): Promise<void> {
  try {
    await client.removeProjectTags(slug, projectName, [`${OWNER_TAG_PREFIX}${owner}`]);
  } catch (e) {
    logger.warn(`Semgrep: could not remove the owner tag of project ${projectName}: ${errorMessage(e)}`);
  }
}
