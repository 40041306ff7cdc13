// The naive baseline's listings: GitHub repositories and Snyk targets, one page at a time, each page
// requested only after the previous one named the next.
import { GITHUB_TOKEN, ORG, SNYK_ORG, SNYK_TOKEN, type Endpoints } from "../scenario";
import { naiveRequest, nextLink } from "./http";

export async function listRepositoriesSequentially(endpoints: Endpoints): Promise<string[]> {
  const names: string[] = [];
  let url: string | undefined = `${endpoints.githubUrl}/orgs/${ORG}/repos?per_page=100&type=all&sort=full_name`;
  while (url) {
    const page = await naiveRequest("GET", url, {
      authorization: `token ${GITHUB_TOKEN}`,
      accept: "application/vnd.github+json",
    });
    for (const repo of page.body as { full_name: string; archived: boolean; fork: boolean }[]) {
      if (!repo.archived && !repo.fork) names.push(repo.full_name);
    }
    url = nextLink(page.headers.get("link"));
  }
  return names;
}

/** Lower-cased display name → target id. */
export async function listTargetsSequentially(endpoints: Endpoints): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  let link: string | undefined =
    `/orgs/${SNYK_ORG}/targets?version=2024-10-15&limit=100&exclude_empty=false&source_types=github-enterprise`;
  while (link) {
    const page = await naiveRequest("GET", `${endpoints.snykUrl}/rest${link}`, {
      authorization: `token ${SNYK_TOKEN}`,
      accept: "application/vnd.api+json",
    });
    const body = page.body as {
      data: { id: string; attributes: { display_name: string } }[];
      links?: { next?: string };
    };
    for (const t of body.data) targets.set(t.attributes.display_name.toLowerCase(), t.id);
    link = body.links?.next;
  }
  return targets;
}
