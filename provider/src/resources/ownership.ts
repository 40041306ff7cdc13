// Ownership: what this stack did not create it does not change or remove without an opt-in that the
// preview shows (README.md, "Ownership"). These helpers word the two halves the same way for every
// resource: the refusal a preview fails with, and the notice a preview with the opt-in logs.
import type { ExistingObject } from "../platforms/types";
import { changedKeys, type CheckFailure } from "./schema-support";

/** The check failure naming an object that exists, who likely made it and what `up` would change. */
export function takeoverRefusal(existing: ExistingObject, keepsOnDelete: string): CheckFailure {
  return {
    property: "adoptExisting",
    reason:
      `${existing.description} already exists and ${existing.provenance}; ${existing.takeover}. ` +
      `Nothing was changed. Fix: if this resource should take it over, set adoptExisting: true ` +
      `(deleting the resource then ${keepsOnDelete}); otherwise point the resource at another organization. ` +
      // pkg/resource/deploy/step_generator.go: a targeted replace checks the new inputs with no old ones.
      "A `pulumi up --replace` of this resource is checked without its old state, so it is refused the same way: " +
      "set adoptExisting: true for that replacement",
  };
}

/** The preview line when the opt-in is given: what is taken over and what delete will leave. */
export function takeoverNotice(existing: ExistingObject, keepsOnDelete: string): string {
  return `adoptExisting: taking over ${existing.description} (${existing.provenance}); ${existing.takeover}; deleting this resource ${keepsOnDelete}`;
}

/** True when the old inputs are those of this same resource on the same platform object (not a new one). */
export function sameObjectAsBefore(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  keys: string[],
): boolean {
  if (Object.keys(olds).length === 0) return false;
  return changedKeys(olds, news, keys).length === 0;
}

// A replacement the engine decides (a replace-on-change input such as `baseUrl` changed) runs check a
// second time with no old inputs ("we need to recompute the default values": Pulumi's
// pkg/resource/deploy/step_generator.go), right after the check that had them, in the same provider
// process. Without the old inputs, the platform object the predecessor holds looks like a stranger's
// and would be refused; what the first check saw as the resource's own object is remembered for it.
const predecessorObjects = new Map<string, string>();

/** Check with old inputs: `objectKey` is the platform object the resource `kind` `name` holds now. */
export function rememberOwnObject(kind: string, name: unknown, objectKey: string): void {
  predecessorObjects.set(`${kind}|${String(name)}`, objectKey);
}

/** Check without old inputs: whether `objectKey` is the object the same resource held (it is being replaced). */
export function isOwnPredecessorObject(kind: string, name: unknown, objectKey: string): boolean {
  return predecessorObjects.get(`${kind}|${String(name)}`) === objectKey;
}
