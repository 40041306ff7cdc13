// The provider under test, driven the way the engine drives it: configure, then the RepositoryImport
// handler's check + diff (a plan) or check + create (an apply). Runs in the child process.
import { setLogSink } from "../../provider/src/core/log";
import type { Props } from "../../provider/src/resources/handler";
import { configureProvider } from "../../provider/src/resources/provider-config";
import { repositoryImportHandler } from "../../provider/src/resources/repository-import";
import { GITHUB_TOKEN, INTEGRATION_ID, ORG, SNYK_ORG, SNYK_TOKEN, fullName, type Endpoints } from "./scenario";

export function configureBenchProvider(endpoints: Endpoints): void {
  const config: Record<string, string> = {
    "scm-integrations:githubApiUrl": endpoints.githubUrl,
    "scm-integrations:snykApiUrl": endpoints.snykUrl,
    "scm-integrations:snykToken": SNYK_TOKEN,
    "scm-integrations:allowInsecureLoopback": "true",
  };
  configureProvider({ config: { get: (key) => config[key] } });
}

/** What the user wrote: every repository of the org, authoritative. */
export function userInputs(endpoints: Endpoints, concurrency: number): Props {
  return {
    connection: {
      connectionId: `${INTEGRATION_ID}:${ORG}`,
      organization: ORG,
      integrationId: INTEGRATION_ID,
      platform: "snyk",
      platformOrg: SNYK_ORG,
      scm: "github",
      apiUrl: endpoints.githubUrl,
      token: GITHUB_TOKEN,
    },
    selector: { include: [`${ORG}/*`] },
    mode: "authoritative",
    maxDeletions: 10,
    concurrency,
    resourceName: "bench",
  };
}

/** The state a previous apply of all N repositories left (inputs echoed + outputs the plan reads). */
export function previousState(news: Props, repositories: number): Props {
  const resolved: Record<string, string> = {};
  const owned: string[] = [];
  for (let i = 0; i < repositories; i++) {
    resolved[fullName(i)] = "selector";
    owned.push(fullName(i));
  }
  // The engine hands olds over deserialized from its wire format: flat strings, not the joined
  // (cons) strings built above, which would weigh on the measured memory for no real reason.
  return JSON.parse(JSON.stringify({ ...news, resolvedRepositories: resolved, owned, listingComplete: true })) as Props;
}

/** Provider log lines that say what was planned and what went wrong (the rest is dropped). */
export function captureLog(): string[] {
  const kept: string[] = [];
  setLogSink((level, line) => {
    if (level === "warn" || /\bplan: |\bdone: |resolved \d+ repositories/.test(line)) kept.push(line);
  });
  return kept;
}

export interface PlanOutcome {
  wallMs: number;
  checkMs: number;
  changes: boolean | undefined;
  resolved: number;
  log: string[];
}

/** One `pulumi preview` of an existing resource: check then diff. */
export async function providerPlan(
  endpoints: Endpoints,
  repositories: number,
  concurrency: number,
): Promise<PlanOutcome> {
  configureBenchProvider(endpoints);
  const log = captureLog();
  const news = userInputs(endpoints, concurrency);
  const olds = previousState(news, repositories);
  const t0 = performance.now();
  const checked = await repositoryImportHandler.check(olds, news);
  const t1 = performance.now();
  if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  const inputs = checked.inputs as Props;
  const diff = await repositoryImportHandler.diff("ri-bench", olds, inputs);
  const t2 = performance.now();
  const resolved = Object.keys(inputs.resolvedRepositories ?? {}).length;
  return { wallMs: t2 - t0, checkMs: t1 - t0, changes: diff.changes, resolved, log };
}

export interface ApplyOutcome {
  wallMs: number;
  importedCount: number;
  failedCount: number;
  log: string[];
}

/** `pulumi up` of a new resource: check (resolve + plan), then create; `ready` is awaited in between. */
export async function providerApply(
  endpoints: Endpoints,
  concurrency: number,
  ready: () => Promise<void>,
): Promise<ApplyOutcome> {
  configureBenchProvider(endpoints);
  const log = captureLog();
  const news = userInputs(endpoints, concurrency);
  const checked = await repositoryImportHandler.check({}, news);
  if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  await ready();
  const t0 = performance.now();
  const created = await repositoryImportHandler.create(checked.inputs as Props);
  const wallMs = performance.now() - t0;
  const outs = created.outs;
  return { wallMs, importedCount: Number(outs.importedCount), failedCount: Number(outs.failedCount), log };
}
