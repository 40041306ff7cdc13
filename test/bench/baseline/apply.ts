// The peer baseline: an apply the way Snyk's own bulk importer, snyk-api-import
// (https://github.com/snyk-tech-services/snyk-api-import), runs one: list the platform, then import
// 15 repositories at a time, each POST followed by its own job polls — the first at once, then one
// every 20 s while the job is pending (its pollImportUrl waits MIN_RETRY_WAIT_TIME = 20 s between
// polls) — and a slot frees only when its job has ended; then list the platform again for the target ids.
import pLimit from "p-limit";
import { INTEGRATION_ID, SNYK_ORG, SNYK_TOKEN, fullName, type Endpoints } from "../scenario";
import { naiveRequest } from "./http";
import { listTargetsSequentially } from "./listing";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function baselineApply(
  endpoints: Endpoints,
  imports: number,
  concurrency: number,
  pollIntervalMs: number,
): Promise<{ imported: number; failed: number; polls: number }> {
  const auth = { authorization: `token ${SNYK_TOKEN}`, accept: "application/json" };
  const before = await listTargetsSequentially(endpoints);
  let polls = 0;
  let failed = 0;
  const limit = pLimit(concurrency);
  const importOne = async (name: string) => {
    const [owner, repo] = name.split("/") as [string, string];
    const started = await naiveRequest(
      "POST",
      `${endpoints.snykUrl}/v1/org/${SNYK_ORG}/integrations/${INTEGRATION_ID}/import`,
      auth,
      { target: { owner, name: repo, branch: "main" } },
    );
    const location = started.headers.get("location");
    if (!location) throw new Error(`no Location for ${name}`);
    for (let first = true; ; first = false) {
      if (!first) await sleep(pollIntervalMs);
      polls++;
      const job = (await naiveRequest("GET", location, auth)).body as { status: string };
      if (job.status === "pending") continue;
      if (job.status !== "complete") failed++;
      return;
    }
  };
  const names = Array.from({ length: imports }, (_, i) => fullName(i)).filter((n) => !before.has(n));
  await Promise.all(names.map((name) => limit(() => importOne(name))));
  const after = await listTargetsSequentially(endpoints);
  let imported = 0;
  for (let i = 0; i < imports; i++) if (after.has(fullName(i))) imported++;
  return { imported, failed, polls };
}
