// The naive apply: list the platform, then import one repository at a time, polling its job at a
// fixed interval until it ends, then list the platform again for the target ids.
import { INTEGRATION_ID, SNYK_ORG, SNYK_TOKEN, fullName, type Endpoints } from "../scenario";
import { naiveRequest } from "./http";
import { listTargetsSequentially } from "./listing";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function baselineApply(
  endpoints: Endpoints,
  imports: number,
  pollIntervalMs: number,
): Promise<{ imported: number; failed: number; polls: number }> {
  const auth = { authorization: `token ${SNYK_TOKEN}`, accept: "application/json" };
  const before = await listTargetsSequentially(endpoints);
  let polls = 0;
  let failed = 0;
  for (let i = 0; i < imports; i++) {
    const name = fullName(i);
    if (before.has(name)) continue;
    const [owner, repo] = name.split("/") as [string, string];
    const started = await naiveRequest(
      "POST",
      `${endpoints.snykUrl}/v1/org/${SNYK_ORG}/integrations/${INTEGRATION_ID}/import`,
      auth,
      { target: { owner, name: repo } },
    );
    const location = started.headers.get("location");
    if (!location) throw new Error(`no Location for ${name}`);
    for (;;) {
      await sleep(pollIntervalMs);
      polls++;
      const job = (await naiveRequest("GET", location, auth)).body as { status: string };
      if (job.status === "pending") continue;
      if (job.status !== "complete") failed++;
      break;
    }
  }
  const after = await listTargetsSequentially(endpoints);
  let imported = 0;
  for (let i = 0; i < imports; i++) if (after.has(fullName(i))) imported++;
  return { imported, failed, polls };
}
