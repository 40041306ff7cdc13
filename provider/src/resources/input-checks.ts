// Local syntax refusals for each resource's check, run before anything is sent (scope introspection,
// listings, platform calls). Each failure names the exact input; secrets are never quoted. Values still
// unknown during a preview are skipped: they are judged when known.
import {
  branchProblem,
  organizationProblem,
  outsideOrganizationProblem,
  platformOrgProblem,
  repositoryProblem,
  selectorDeadEnds,
  tokenProblem,
  type SyntaxProblem,
} from "../plan/input-syntax";
import { platformValues, scmKindValues, type Platform, type ScmKind } from "./schema.generated";
import type { CheckFailure } from "./schema-support";
import { UNKNOWN_VALUE } from "./schema-support";

const SCMS: readonly string[] = scmKindValues;
const PLATFORMS: readonly string[] = platformValues;

const knownString = (value: unknown): value is string => typeof value === "string" && value !== UNKNOWN_VALUE;
const scmOf = (value: unknown): ScmKind | undefined =>
  knownString(value) && SCMS.includes(value) ? (value as ScmKind) : undefined;
const platformOf = (value: unknown): Platform | undefined =>
  knownString(value) && PLATFORMS.includes(value) ? (value as Platform) : undefined;

function failure(property: string, p: SyntaxProblem, secret = false): CheckFailure {
  // A secret's reason never quotes it: the rule that failed says enough ("looks like …", "contains …").
  return { property, reason: `${secret ? "the token " : ""}${p.problem}. Fix: ${p.fix}` };
}

/** The reference fields every resource carries (its own, or copied from the Integration). */
interface Reference {
  platform?: unknown;
  platformOrg?: unknown;
  scm?: unknown;
  token?: unknown;
}

/** token and platformOrg, at `prefix` (`""`, `integration.`, `connection.`). */
export function referenceFailures(ref: Reference, prefix = ""): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const scm = scmOf(ref.scm);
  const platform = platformOf(ref.platform);
  if (scm && knownString(ref.token)) {
    const p = tokenProblem(ref.token, scm);
    if (p) failures.push(failure(`${prefix}token`, p, true));
  }
  if (platform && knownString(ref.platformOrg)) {
    const p = platformOrgProblem(ref.platformOrg, platform);
    if (p) failures.push(failure(`${prefix}platformOrg`, p));
  }
  return failures;
}

export function organizationFailures(organization: unknown, scmValue: unknown, property: string): CheckFailure[] {
  const scm = scmOf(scmValue);
  if (!scm || !knownString(organization)) return [];
  const p = organizationProblem(organization, scm);
  return p ? [failure(property, p)] : [];
}

export interface ImportSyntaxInputs {
  connection: Reference & { organization?: unknown };
  repositories?: unknown;
  branch?: unknown;
  selector?: unknown;
}

export function importFailures(inputs: ImportSyntaxInputs): CheckFailure[] {
  const failures = [
    ...referenceFailures(inputs.connection, "connection."),
    ...organizationFailures(inputs.connection.organization, inputs.connection.scm, "connection.organization"),
  ];
  const scm = scmOf(inputs.connection.scm);
  if (scm) {
    // During a preview the whole list (or any entry) may still be unknown.
    (Array.isArray(inputs.repositories) ? inputs.repositories : []).forEach((name: unknown, index) => {
      if (!knownString(name)) return;
      const p =
        repositoryProblem(name, scm) ??
        (knownString(inputs.connection.organization) && !organizationProblem(inputs.connection.organization, scm)
          ? outsideOrganizationProblem(name, inputs.connection.organization, scm)
          : undefined);
      if (p) failures.push(failure(`repositories[${index}]`, p));
    });
  }
  if (knownString(inputs.branch)) {
    const p = branchProblem(inputs.branch);
    if (p) failures.push(failure("branch", p));
  }
  const selector = inputs.selector;
  if (scm && selector && typeof selector === "object" && knownString(inputs.connection.organization)) {
    // Entries still unknown are left out: they are judged once known.
    const known = (value: unknown) => (Array.isArray(value) ? value.filter(knownString) : undefined);
    const { include, exclude, includeShared } = selector as {
      include?: unknown;
      exclude?: unknown;
      includeShared?: unknown;
    };
    for (const dead of selectorDeadEnds(
      { include: known(include), exclude: known(exclude), includeShared },
      scm,
      inputs.connection.organization,
    )) {
      failures.push({ property: dead.field, reason: `${dead.problem}. Fix: ${dead.fix}` });
    }
  }
  return failures;
}
