// The naive plan: list the SCM, then the platform, one page at a time, and compare.
import type { Endpoints } from "../scenario";
import { listRepositoriesSequentially, listTargetsSequentially } from "./listing";

export async function baselinePlan(
  endpoints: Endpoints,
): Promise<{ desired: number; toImport: number; toRemove: number }> {
  const desired = await listRepositoriesSequentially(endpoints);
  const targets = await listTargetsSequentially(endpoints);
  const wanted = new Set(desired.map((n) => n.toLowerCase()));
  const toImport = desired.filter((n) => !targets.has(n.toLowerCase())).length;
  const toRemove = [...targets.keys()].filter((n) => !wanted.has(n)).length;
  return { desired: desired.length, toImport, toRemove };
}
