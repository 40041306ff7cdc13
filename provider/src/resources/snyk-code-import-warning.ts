// A RepositoryImport into a Snyk org with Snyk Code off succeeds, but Snyk then analyses the imported
// repositories for open-source dependencies only: Snyk Code (SAST) analyses them only while the org has
// it on ("After you enable Snyk Code in your Snyk Organization settings … import",
// https://docs.snyk.io/scan-with-snyk/snyk-code/configure-snyk-code). The import's preview says so:
// one read of the org's setting, never a failure (the import is useful without Snyk Code).
import { errorMessage } from "../core/errors";
import type { ImportContext } from "./repository-import-context";
import { isOutage } from "./failures";
import { snykCodeClaimOf } from "./snyk-code-claims";

/** The preview line about Snyk Code for an import into this org, or undefined when there is nothing to say. */
export async function snykCodeImportNotice(
  ctx: Pick<ImportContext, "platform" | "scope">,
): Promise<{ level: "warn" | "info"; text: string } | undefined> {
  const { platform, scope } = ctx;
  if (platform.name !== "snyk" || !platform.readCodeAnalysis) return undefined;
  const org = scope.platformOrg;
  let enabled: boolean;
  try {
    enabled = await platform.readCodeAnalysis(org);
  } catch (e) {
    const why = isOutage(e) ? "Snyk did not answer (an outage, not a problem with the inputs)" : errorMessage(e);
    return { level: "warn", text: `could not read whether Snyk Code is on in Snyk org ${org}: ${why}` };
  }
  if (enabled) return undefined;
  const claim = snykCodeClaimOf(org);
  if (claim?.enabled) {
    return {
      level: "info",
      text: `Snyk Code is off in Snyk org ${org} now; SnykCodeSettings "${claim.resource}" of this program turns it on at up`,
    };
  }
  return {
    level: "warn",
    text:
      `Snyk Code is off in Snyk org ${org}: the imported repositories get no Snyk Code (SAST) analysis. ` +
      `Fix: declare a SnykCodeSettings for platformOrg ${org} (enabled: true), or turn it on in Snyk's Settings > Snyk Code`,
  };
}

/** Log the notice, if any, through the import's logger (a preview line; never a check failure). */
export async function warnWhenSnykCodeOff(ctx: Pick<ImportContext, "platform" | "scope" | "logger">): Promise<void> {
  const notice = await snykCodeImportNotice(ctx);
  if (notice) ctx.logger[notice.level](notice.text);
}
