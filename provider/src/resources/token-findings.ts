// What a token can do for a platform: introspect it with the SCM client and compare its scopes with
// the platform's required-scope table. Shared by Integration's check (findings shown in the preview)
// and create/update (findings returned as outputs).
import { systemClock } from "../core/clock";
import type { TokenFinding } from "../core/findings";
import { isExpired, expiryWarning } from "../plan/expiry";
import {
  evaluateScopes,
  findScopeRequirement,
  scopeFamily,
  type ScopeEvaluation,
  type ScopeRequirement,
} from "../plan/required-scopes";
import type { ScmClient, TokenInfo } from "../scm/types";
import type { CheckedIntegrationInputs } from "./schema.generated";

export interface TokenFindings {
  info: TokenInfo;
  requirement: ScopeRequirement;
  evaluation: ScopeEvaluation;
  warnings: string[];
  /** Present when the token cannot serve the platform: the reason, naming the fix. */
  blocking?: string;
}

/** `serverVersion`: the instance's version once the token was introspected (GHES drops scopes over versions). */
export function requirementFor(
  inputs: Pick<CheckedIntegrationInputs, "platform" | "scm" | "level">,
  serverVersion?: string,
): ScopeRequirement {
  return findScopeRequirement(inputs.platform, inputs.scm, inputs.level, serverVersion ? { serverVersion } : {});
}

export async function tokenFindings(
  client: ScmClient,
  inputs: Pick<CheckedIntegrationInputs, "platform" | "scm" | "level">,
  now: Date = new Date(systemClock.now()),
): Promise<TokenFindings> {
  const info = await client.introspectToken();
  const requirement = requirementFor(inputs, info.serverVersion);
  const evaluation = evaluateScopes(
    { family: scopeFamily(inputs.scm), grantedScopes: info.grantedScopes, scopesKnown: info.scopesKnown },
    requirement,
  );
  const warnings = [...info.warnings];
  const shortLived = info.kind === "github-app-installation" || info.kind === "github-app-user";
  const expiry = expiryWarning(info.expiresAt, now, { shortLived });
  if (expiry) warnings.push(expiry);
  if (evaluation.excess.length > 0) {
    warnings.push(
      `the token carries scopes ${inputs.platform} does not need: ${evaluation.excess.join(", ")}; consider a token without them`,
    );
  }
  if (evaluation.unknown) {
    const proven = info.provenCapabilities.length ? info.provenCapabilities.join(", ") : "nothing yet";
    warnings.push(
      `a ${info.kind} token has no readable scopes; proven by probing: ${proven}` +
        (info.unprovenCapabilities.length ? `; not proven: ${info.unprovenCapabilities.join(", ")}` : ""),
    );
  }
  let blocking: string | undefined;
  if (info.expiresAt && isExpired(info.expiresAt, now)) {
    blocking = `the token expired at ${info.expiresAt}; create a new token and set it as token`;
  } else if (!evaluation.unknown && !evaluation.satisfied) {
    const reasons = evaluation.missing.flatMap((scope) => requirement.why?.[scope] ?? []);
    blocking =
      `the token lacks scopes ${inputs.platform} needs for ${inputs.scm}: ${evaluation.missing.join(", ")} ` +
      `(it has: ${info.grantedScopes.length ? info.grantedScopes.join(", ") : "no scopes"}); ` +
      (reasons.length ? `${reasons.join("; ")}; ` : "") +
      `create a token with ${requirement.required.join(", ")} and set it as token`;
  }
  return { info, requirement, evaluation, warnings, ...(blocking ? { blocking } : {}) };
}

/** The preview's record of what the token is and what it can do (core/findings.ts renders its line). */
export function tokenFinding(findings: TokenFindings, apiUrl: string): TokenFinding {
  const { info, evaluation } = findings;
  return {
    type: "token",
    apiUrl,
    tokenKind: info.kind,
    ...(info.owner ? { owner: info.owner } : {}),
    ...(info.scopesKnown ? { scopes: [...info.grantedScopes].sort() } : {}),
    ...(evaluation.unknown ? {} : { missing: [...evaluation.missing] }),
    excess: [...evaluation.excess],
    ...(info.expiresAt ? { expires: info.expiresAt } : {}),
    ...(info.serverVersion ? { serverVersion: info.serverVersion } : {}),
  };
}
