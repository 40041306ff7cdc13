// What every RepositoryImport method needs: validated inputs, the SCM client, the platform adapter
// and the import scope; plus the two listings (desired from the SCM, actual from the platform).
import * as path from "node:path";
import { ScmIntegrationError } from "../core/errors";
import { resolveHttpCacheLocation } from "../core/http-cache";
import type { Logger } from "../core/log";
import { describeValue, rememberSecret } from "../core/redact";
import { resolveDesired } from "../plan/desired";
import { outsideOrganizationProblem } from "../plan/input-syntax";
import { nameKey } from "../plan/names";
import { validateSelector } from "../plan/selector";
import type { ImportListing, ImportScope, Platform } from "../platforms/types";
import type { RepositoryInfo, ScmClient } from "../scm/types";
import { internalFields } from "./props";
import { importFailures } from "./input-checks";
import type { Props } from "./handler";
import {
  repositoryImportDefaults,
  repositoryImportInputKeys,
  repositoryImportInputsSchema,
  type CheckedRepositoryImportInputs,
} from "./schema.generated";
import { checkInputs, type CheckFailure } from "./schema-support";
import { providerSettings } from "./provider-config";
import { currentServices, resourceLogger, scmTargetOf } from "./services";

export const KIND = "RepositoryImport";

export const INPUT_KEYS = [...repositoryImportInputKeys, "resourceName"] as const;

export interface ImportContext {
  inputs: CheckedRepositoryImportInputs;
  logger: Logger;
  client: ScmClient;
  platform: Platform;
  scope: ImportScope;
}

export function parseInputs(props: Props): CheckedRepositoryImportInputs {
  const result = checkInputs(repositoryImportInputsSchema(), internalFields(props).rest, repositoryImportDefaults);
  if (!result.ok) {
    throw new ScmIntegrationError("invalid-input", result.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
  rememberSecret(result.inputs.connection.token);
  return result.inputs;
}

/** Problems check reports beyond the schema: input syntax, selector globs, nothing to import. */
export function semanticFailures(inputs: CheckedRepositoryImportInputs): CheckFailure[] {
  // Local syntax (token, platformOrg, organization, repositories[i], branch, dead selectors) first.
  const failures: CheckFailure[] = importFailures(inputs);
  failures.push(
    ...validateSelector(inputs.selector).map((p) => ({
      property: p.field,
      reason: `${p.problem}. Fix: ${p.fix}`,
    })),
  );
  if (!inputs.selector && !(inputs.repositories && inputs.repositories.length > 0)) {
    failures.push({
      property: "repositories",
      reason:
        'neither repositories nor selector is set, so nothing would be scanned. Fix: list repositories as owner/name, or set a selector (e.g. { include: ["acme/*"] })',
    });
  }
  if (inputs.deleteFindings && inputs.connection.platform !== "semgrep") {
    failures.push({ property: "deleteFindings", reason: "only applies to Semgrep. Fix: remove deleteFindings" });
  }
  return failures;
}

export function contextOf(inputs: CheckedRepositoryImportInputs, props: Props): ImportContext {
  const logger = resourceLogger(KIND, props.resourceName);
  const ref = inputs.connection;
  const services = currentServices();
  const endpoint = services.endpoint(ref.scm, ref.baseUrl);
  const client = services.scmClient(scmTargetOf(ref), logger, inputs.concurrency);
  const platform = services.platform(ref.platform, logger);
  const owner = typeof props.owner === "string" && props.owner !== "" ? props.owner : undefined;
  const scope: ImportScope = {
    ...(owner !== undefined ? { owner } : {}),
    platformOrg: ref.platformOrg,
    integrationId: ref.integrationId,
    connectionId: ref.connectionId,
    endpoint,
    organization: ref.organization,
  };
  return { inputs, logger, client, platform, scope };
}

/**
 * Where platforms record the import jobs they submitted (platforms/job-journal.ts): beside the HTTP
 * cache (`httpCacheDir`, default ~/.cache/pulumi-scm-integrations/http), so a run killed while jobs
 * run resumes them; none when the cache is "off" (or its setting is refused, which the SCM client reports).
 */
export function importJournalDir(): string | undefined {
  try {
    const location = resolveHttpCacheLocation(providerSettings().httpCacheDir);
    return location.kind === "directory" ? path.join(location.directory, "import-jobs") : undefined;
  } catch {
    return undefined;
  }
}

export interface DesiredResolution {
  desired: string[];
  /** Every repository the SCM listing returned (selector applied), by lower-cased name. */
  byKey: Map<string, RepositoryInfo>;
  complete: boolean;
  incompleteReasons: string[];
  /** Explicit names the SCM resolved to another (a renamed repository): lower-cased old name → new name. */
  renamed: Map<string, string>;
}

/**
 * Of `names` (repositories that no longer show up under their recorded name), the ones the SCM
 * resolves to another name: GitHub keeps answering a renamed repository's old name with a 301 to
 * the new one. At most `limit` look-ups; the rest are not classified.
 */
export async function findRenamed(
  client: ScmClient,
  names: readonly string[],
  limit = 20,
): Promise<{ from: string; to: string }[]> {
  const renamed: { from: string; to: string }[] = [];
  for (const name of names.slice(0, limit)) {
    const repo = await client.getRepository(name);
    if (repo && nameKey(repo.fullName) !== nameKey(name)) renamed.push({ from: name, to: repo.fullName });
  }
  return renamed;
}

/**
 * Resolve repositories + selector into the explicit, sorted list that goes into the checked inputs.
 * An explicit name the SCM does not have is an error naming `repositories[i]`.
 */
export async function resolveDesiredRepositories(ctx: ImportContext): Promise<DesiredResolution> {
  const { inputs, client } = ctx;
  const byKey = new Map<string, RepositoryInfo>();
  let complete = true;
  const incompleteReasons: string[] = [];
  if (inputs.selector) {
    const listing = await client.listRepositories(ctx.scope.organization, inputs.selector);
    complete = listing.complete;
    incompleteReasons.push(...listing.incompleteReasons);
    for (const repo of listing.repositories) byKey.set(nameKey(repo.fullName), repo);
  }
  const explicit = inputs.repositories ?? [];
  const known = new Map<string, RepositoryInfo | null>();
  const renamed = new Map<string, string>();
  for (const name of explicit) {
    if (byKey.has(nameKey(name)) || known.has(nameKey(name))) continue;
    const repo = await client.getRepository(name);
    known.set(nameKey(name), repo);
    // GitHub answers an old name with 301 to the repository's new one, which the client follows.
    if (repo && nameKey(repo.fullName) !== nameKey(name)) {
      // A repository transferred to another owner is answered under its new name too: that owner
      // is outside this connection, so it is refused like any name outside it.
      const outside = outsideOrganizationProblem(repo.fullName, ctx.scope.organization, inputs.connection.scm);
      if (outside) {
        throw new ScmIntegrationError(
          "invalid-input",
          `${describeValue(name)} was moved in the SCM to ${describeValue(repo.fullName)}: ${outside.problem}`,
          { field: `repositories[${explicit.indexOf(name)}]`, fix: outside.fix },
        );
      }
      renamed.set(nameKey(name), repo.fullName);
      ctx.logger.warn(
        `${describeValue(name)} was renamed in the SCM to ${describeValue(repo.fullName)}; it is imported under its new name (update repositories to say so)`,
      );
    }
  }
  const resolution = resolveDesired({ explicit, selected: [...byKey.values()], known });
  if (resolution.missing.length > 0) {
    const first = resolution.missing[0]!;
    throw new ScmIntegrationError(
      "not-found",
      `${resolution.missing.map((m) => describeValue(m.fullName)).join(", ")} ${resolution.missing.length === 1 ? "does" : "do"} not exist in ${ctx.scope.endpoint.webUrl} or the token cannot see ${resolution.missing.length === 1 ? "it" : "them"}`,
      { field: first.field, fix: "check the spelling (owner/name), or give the token access to the repository" },
    );
  }
  for (const repo of known.values()) if (repo) byKey.set(nameKey(repo.fullName), repo);
  return { desired: resolution.desired, byKey, complete, incompleteReasons, renamed };
}

/** Platform listing; an incomplete one is kept as such (the planner then removes nothing). */
export async function listActual(ctx: ImportContext): Promise<ImportListing> {
  try {
    return await ctx.platform.listImports(ctx.scope);
  } catch (e) {
    if (e instanceof ScmIntegrationError && e.kind === "incomplete") {
      ctx.logger.warn(
        `the ${ctx.inputs.connection.platform} listing is incomplete (${e.message}); nothing will be removed`,
      );
      return { imports: [], complete: false };
    }
    throw e;
  }
}
