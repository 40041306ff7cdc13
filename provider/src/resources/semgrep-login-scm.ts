// OrgConnection `manageMembership: true` on Semgrep, checked against what Semgrep holds: only the SCM
// the deployment signs in with can manage its membership (platforms/semgrep/login-scm.ts says how that
// is read and what is UNVERIFIED). A connection to another SCM fails the preview naming the sign-in SCM,
// whichever stack declares either; where Semgrep's answer does not tell, nothing is refused and the
// in-process rule (org-connection.ts, membershipConflict) is all that applies.
import type { Logger } from "../core/log";
import { isLoginScm } from "../platforms/semgrep/login-scm";
import type { ScmEndpoint } from "../scm/types";
import type { CheckedOrgConnectionInputs } from "./schema.generated";
import type { CheckFailure } from "./schema-support";
import { currentServices } from "./services";

/** The check failure when this connection claims membership but is not the deployment's sign-in SCM. */
export async function loginScmFailure(
  inputs: CheckedOrgConnectionInputs,
  endpoint: ScmEndpoint,
  logger: Logger,
): Promise<CheckFailure | undefined> {
  if (inputs.integration.platform !== "semgrep" || inputs.manageMembership !== true) return undefined;
  const platform = currentServices().platform("semgrep", logger);
  if (!platform.loginScm) return undefined;
  const deployment = inputs.integration.platformOrg;
  const login = await platform.loginScm(deployment);
  if (login === undefined) {
    logger.info(
      `manageMembership: Semgrep's sign-in providers of deployment "${deployment}" do not tell which SCM it signs in with; ` +
        "only this program's OrgConnections are compared",
    );
    return undefined;
  }
  if (login === null) {
    logger.warn(
      `manageMembership: Semgrep deployment "${deployment}" signs in with no SCM (none of its enabled sign-in providers is GitHub or GitLab), ` +
        "so no SCM manages its membership and manageMembership has no effect",
    );
    return undefined;
  }
  const signIn = `${login.family === "github" ? "GitHub" : "GitLab"} at ${login.baseUrl ?? "its cloud host"} (Semgrep sign-in provider "${login.name}")`;
  const connected = login.connections?.length ? `, connected as ${login.connections.join(", ")}` : "";
  if (isLoginScm(login, endpoint)) {
    logger.info(`manageMembership: Semgrep deployment "${deployment}" signs in with ${signIn}, this connection's SCM`);
    return undefined;
  }
  return {
    property: "manageMembership",
    reason:
      `Semgrep deployment "${deployment}" signs in with ${signIn}${connected}, and Semgrep lets only that SCM manage the organization's membership; ` +
      `this connection is to ${inputs.integration.scm} at ${endpoint.baseUrl}. Nothing was changed. ` +
      "Fix: leave manageMembership unset or false here, and set it only on the OrgConnection of the sign-in SCM (in whichever stack declares it)",
  };
}
