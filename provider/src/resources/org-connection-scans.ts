// What the platform's scanning of the organization still needs (Semgrep Managed Scans), as lines for
// check to print and create / update to record.
import { errorMessage } from "../core/errors";
import type { OrgAccess } from "../scm/types";
import type { ConnectionContext } from "./org-connection-context";
import { groupPlanFacts } from "./scm-facts";
import { currentServices } from "./services";

/**
 * What the platform's scanning of the organization still needs (Semgrep Managed Scans), as preview lines:
 * warnings, not failures — the connection is useful without it, and the import refuses to turn scans on
 * while anything is missing (platforms/semgrep/managed-scans.ts says why). A failed read is a warning too:
 * it must not block the connection it only advises on.
 */
export async function scanPrerequisiteLines(
  ctx: ConnectionContext,
  access: OrgAccess,
): Promise<{ level: "warn" | "info"; text: string }[]> {
  const platform = currentServices().platform(ctx.inputs.integration.platform, ctx.logger);
  if (!platform.scanPrerequisites) return [];
  try {
    const verdict = await platform.scanPrerequisites(ctx.request, {
      ...(access.accessLevel !== undefined ? { accessLevel: access.accessLevel } : {}),
      role: access.role,
      ...(await groupPlanFacts(ctx.client, access.organization)),
    });
    return [
      ...verdict.missing.map((text) => ({ level: "warn" as const, text: `Semgrep Managed Scans: ${text}` })),
      ...verdict.unverified.map((text) => ({ level: "info" as const, text })),
    ];
  } catch (e) {
    return [{ level: "warn", text: `could not read what Semgrep Managed Scans need here: ${errorMessage(e)}` }];
  }
}
