// Semgrep: one SCM manages an organization's membership.
//
// Semgrep lets only the SCM an organization signs in with manage its membership
// (https://semgrep.dev/docs/deployment/connect-scm), so two OrgConnections with `manageMembership: true` on one deployment
// contradict each other. Where this is enforced, and why here:
// - Against Semgrep's state as far as it tells: its SCM config API has no field saying which config
//   manages membership (it follows the sign-in SCM, set in the UI); the sign-in providers it lists are
//   compared in semgrep-login-scm.ts, which refuses a connection to another SCM. This process-wide rule
//   still catches two connections to the sign-in SCM in one program.
// - Not in the SDK: an SDK-side registry lives in the program's process, which the Automation API
//   reuses for every run of an inline program (claims of the last run would linger), and it would
//   bind only programs written with this SDK.
// - Here, in check: the engine sends every resource of one deployment (preview, up) to one
//   dynamic-provider process, and check runs for every OrgConnection the program declares before
//   anything is created from it. The claims this process has seen are therefore the program's, and the
//   second claimant fails the preview with both names. A resource is known by its name (the SDK sends
//   `resourceName`), so checking the same resource twice is not a conflict.
// Limits: two stacks that each declare a manager on the sign-in SCM (two of its organizations) are not
// seen (nothing remote records the claim), and a deployment is known by platformOrg as written (slug
// and numeric id are not unified before the integration exists).
import type { Props } from "./handler";
import type { CheckedOrgConnectionInputs } from "./schema.generated";
import { UNKNOWN_VALUE } from "./schema-support";

const membershipClaims = new Map<string, string>();

export function membershipConflict(inputs: CheckedOrgConnectionInputs, props: Props): string | undefined {
  if (inputs.integration.platform !== "semgrep" || inputs.manageMembership !== true) return undefined;
  const deployment = inputs.integration.platformOrg;
  if (typeof deployment !== "string" || deployment === UNKNOWN_VALUE) return undefined;
  const key = deployment.toLowerCase();
  const claimant =
    typeof props.resourceName === "string" && props.resourceName
      ? props.resourceName
      : `${inputs.integration.scm} ${String(inputs.integration.baseUrl ?? "")} ${inputs.organization}`;
  const holder = membershipClaims.get(key);
  if (holder === undefined || holder === claimant) {
    membershipClaims.set(key, claimant);
    return undefined;
  }
  return (
    `OrgConnection "${holder}" already manages the membership of Semgrep deployment "${deployment}", and Semgrep ` +
    "lets only one SCM (the one the organization signs in with) manage it. Fix: set manageMembership to true on " +
    `one OrgConnection of this deployment only; leave it unset or false on "${claimant}"`
  );
}

/** Tests: forget the membership claims this process has seen (a new command starts with none). */
export function forgetMembershipClaims(): void {
  membershipClaims.clear();
}
