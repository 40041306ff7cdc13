// One Snyk Code setting per Snyk organization: which SnykCodeSettings resource of the program declares
// each organization's setting, as this provider process has seen them in check.
//
// Why a process-wide record: the engine sends every resource of one deployment (preview, up) to one
// dynamic-provider process and runs check for each before anything is applied, so the claims seen
// here are the program's, and a second resource for the same organization fails its preview naming
// the first. A resource is known by its name (the SDK sends `resourceName`), so checking the same
// resource again (check runs more than once per command) is not a conflict.
// Limits, stated in the resource's docs: two stacks (or a stack and a person in Snyk's UI) setting the
// same organization are not seen, because Snyk records no owner of the setting.

export interface SnykCodeClaim {
  /** The resource name of the SnykCodeSettings that declares it. */
  resource: string;
  enabled: boolean;
}

const claims = new Map<string, SnykCodeClaim>();

/** Snyk organization ids are UUIDs: one organization, whatever the letter case. */
const keyOf = (platformOrg: string) => platformOrg.toLowerCase();

/** Record `claim` for the organization; returns the other resource that already holds it, if one does. */
export function claimSnykCode(platformOrg: string, claim: SnykCodeClaim): SnykCodeClaim | undefined {
  const holder = claims.get(keyOf(platformOrg));
  if (holder !== undefined && holder.resource !== claim.resource) return holder;
  claims.set(keyOf(platformOrg), claim);
  return undefined;
}

/** The SnykCodeSettings of this program that declares the organization's setting, if one was checked. */
export function snykCodeClaimOf(platformOrg: string): SnykCodeClaim | undefined {
  return claims.get(keyOf(platformOrg));
}

/** Tests: forget the claims this process has seen (a new command starts with none). */
export function forgetSnykCodeClaims(): void {
  claims.clear();
}
