// Selectors that can never select anything, found locally before anything is listed. Pure: no I/O.
import picomatch from "picomatch";
import type { ScmKind } from "../core/domain.generated";
import { describeValue } from "../core/redact";
import { isGitHub } from "./scm-family";

export interface SelectorDeadEnd {
  field: string;
  problem: string;
  fix: string;
}

// Names no one would write on purpose, in every shape a repository name takes (GitHub owner/name,
// GitLab group/sub/name): a glob that matches all of them matches everything.
const PROBE_NAMES = ["Zq9", "zz-probe.x_1", ".Dot-probe", "p/q/Zq9-deep"];
const FILLS = ["Zq9", "zz-probe.x_1", ".Dot-probe"];

function matcher(glob: string): (name: string) => boolean {
  try {
    const test = picomatch(glob, { nocase: true, dot: true });
    return (name) => test(name);
  } catch {
    return () => false; // an unreadable glob is reported by validateSelector
  }
}

/** Concrete names a glob matches: its wildcards filled with probe text. */
function instancesOf(glob: string): string[] {
  return FILLS.map((fill) =>
    glob
      .split("**")
      .map((part) => part.replace(/\*/g, fill).replace(/\?/g, "Z"))
      .join(`p/${fill}`),
  );
}

/**
 * Whether `glob` can match a repository of `organization` at all: every repository's full name starts
 * with the organization's segments (GitHub: the owner; GitLab: the group's full path), and `*` does not
 * cross a '/', so the glob's leading segments must match those segments one by one (`**` can match anything).
 */
function canMatchInside(glob: string, organization: string): boolean {
  const globSegments = glob.split("/");
  const orgSegments = organization.split("/");
  for (let i = 0; i < orgSegments.length; i++) {
    const segment = globSegments[i];
    if (segment === undefined) return false;
    if (segment.includes("**")) return true;
    if (!matcher(segment)(orgSegments[i]!)) return false;
  }
  return true;
}

/**
 * Parts of a selector that can never select anything: an exclude that matches every repository, an
 * include that an exclude always overrides, and (GitHub) an include for another owner than the
 * organization. Refused rather than warned: a selector that selects nothing plans the removal of
 * every import, and refusing loses nothing (the fix is one edit).
 */
export function selectorDeadEnds(
  selector: { include?: unknown; exclude?: unknown; includeShared?: unknown },
  scm: ScmKind,
  organization: string,
): SelectorDeadEnd[] {
  const out: SelectorDeadEnd[] = [];
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const excludes = list(selector.exclude).filter((g): g is string => typeof g === "string");
  const excludeMatchers = excludes.map(matcher);
  // GitHub names are exactly owner/name; GitLab's may nest.
  const probes = PROBE_NAMES.filter((name) => !isGitHub(scm) || !name.includes("/")).map(
    (name) => `${organization}/${name}`,
  );
  excludes.forEach((glob, index) => {
    if (probes.every((p) => excludeMatchers[index]!(p))) {
      out.push({
        field: `selector.exclude[${index}]`,
        problem: `${describeValue(glob)} excludes every repository, so the selector can never match`,
        fix: 'narrow the exclude (e.g. "acme/legacy-*"), or remove the selector and list repositories',
      });
    }
  });
  if (out.length > 0) return out;
  list(selector.include).forEach((glob, index) => {
    if (typeof glob !== "string" || glob.trim() === "") return;
    // An exclude spelled like the include is validateSelector's (overlap) finding already.
    if (excludes.some((e) => e.toLowerCase() === glob.toLowerCase())) return;
    // GitLab lists projects shared with the group from other namespaces too, when includeShared asks.
    const shared = !isGitHub(scm) && selector.includeShared === true;
    if (glob.includes("/") && !shared && !canMatchInside(glob, organization)) {
      out.push({
        field: `selector.include[${index}]`,
        problem: `${describeValue(glob)} names another ${isGitHub(scm) ? "owner than the organization" : "group than"} ${describeValue(organization)}, so it can never match`,
        fix: `start the glob with the ${isGitHub(scm) ? "organization" : "group's full path"}, e.g. "${organization}/*"`,
      });
      return;
    }
    const instances = instancesOf(glob).filter((name) => matcher(glob)(name));
    const shadow = excludes.findIndex((_, i) => instances.length > 0 && instances.every((n) => excludeMatchers[i]!(n)));
    if (shadow >= 0) {
      out.push({
        field: `selector.include[${index}]`,
        problem: `${describeValue(glob)} is always overridden by selector.exclude[${shadow}] ${describeValue(excludes[shadow])}, so it can never match`,
        fix: "remove the include, or narrow the exclude",
      });
    }
  });
  return out;
}
