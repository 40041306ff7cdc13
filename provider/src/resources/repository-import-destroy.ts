// RepositoryImport's delete: remove only what this resource imported itself. Adopted imports, those of
// other stacks and those made by hand stay as they were, in either mode; so do imports its replacement
// holds now (repository-import-handover.ts).
import { ScmIntegrationError } from "../core/errors";
import { REFUSAL_NAMES_SHOWN, renderFinding, type DeletionRefusalFinding } from "../core/findings";
import { nameKey } from "../plan/names";
import type { PlatformImport } from "../platforms/types";
import type { Props } from "./handler";
import { pickInputs } from "./props";
import { partialFailureMessage, removeImports } from "./repository-import-apply";
import { contextOf, INPUT_KEYS, KIND, listActual, parseInputs, type ImportContext } from "./repository-import-context";
import { heldByAnother, withHolder } from "./repository-import-handover";
import { holdingsOf, type Holdings } from "./repository-import-plan";
import { logAdoptedLeft } from "./repository-import-plan-text";
import { resourceLogger } from "./services";

export async function destroyOwnedImports(id: string, props: Props): Promise<void> {
  const holdings = holdingsOf(props);
  // Nothing recorded as its own and no owner marker to find, or no token ever given to it (imported
  // by id and never applied: every import it makes is made by an up, which records the token):
  // nothing can be this resource's, so nothing is read or parsed (unread-tokens.ts).
  const connection = props.connection as Props | undefined;
  const neverApplied = typeof connection?.token !== "string" || connection.token === "";
  if (holdings.owned.length === 0 && (props.owner === undefined || neverApplied)) {
    logAdoptedLeft(resourceLogger(KIND, props.resourceName), holdings);
    return;
  }
  const inputs = parseInputs(pickInputs(props, INPUT_KEYS));
  const ctx = withHolder(contextOf(inputs, props), id);
  const mine = await ownedOnPlatform(ctx, holdings);
  const limit = Math.max(inputs.maxDeletions, inputs.allowDeletions ?? 0);
  if (mine.length > limit) {
    const fix = `set allowDeletions: ${mine.length} on this resource, run pulumi up, then destroy again`;
    const finding: DeletionRefusalFinding = {
      type: "deletion-refusal",
      operation: "destroy",
      count: mine.length,
      limit,
      maxDeletions: inputs.maxDeletions,
      ...(inputs.allowDeletions !== undefined ? { allowDeletions: inputs.allowDeletions } : {}),
      // Not in the sentence, but the report lists them.
      names: mine.slice(0, REFUSAL_NAMES_SHOWN).map((i) => i.fullName),
      more: Math.max(0, mine.length - REFUSAL_NAMES_SHOWN),
      fix,
    };
    // guarded (failures.ts) logs the finding's record before the error leaves.
    throw new ScmIntegrationError("invalid-input", renderFinding(finding), { field: "maxDeletions", fix, finding });
  }
  const result = await removeImports(ctx, mine);
  const failed = Object.keys(result.failures);
  if (failed.length > 0)
    throw new ScmIntegrationError("incomplete", partialFailureMessage(result.failures, mine.length));
  ctx.logger.info(`removed ${mine.length} imports owned by this resource`);
  logAdoptedLeft(ctx.logger, holdings);
}

/** The platform's imports this resource is to remove, from a complete listing (else nothing is removed). */
async function ownedOnPlatform(ctx: ImportContext, holdings: Holdings): Promise<PlatformImport[]> {
  const ownedKeys = new Set(holdings.owned.map(nameKey));
  const actual = await listActual(ctx);
  if (!actual.complete) {
    // Deleting the resource now would forget imports it could not see: stay, so destroy can run again.
    throw new ScmIntegrationError(
      "incomplete",
      `the ${ctx.inputs.connection.platform} listing of imports did not complete; nothing was removed`,
      {
        fix: "run pulumi destroy again once the platform answers",
      },
    );
  }
  // Semgrep projects whose scans are already off need nothing unless their findings are to go.
  // An import another resource's marker claims is left (a newer owner); one carrying this resource's
  // own marker is removed even when the state lost it (a create that never returned), unless another
  // id of this same resource holds it: its replacement took it over (repository-import-handover.ts).
  const self = ctx.scope.owner;
  const ours = (i: PlatformImport) =>
    (i.owner === undefined || self === undefined ? ownedKeys.has(nameKey(i.fullName)) : i.owner === self) &&
    !heldByAnother(ctx, i);
  const handedOver = actual.imports.filter((i) => heldByAnother(ctx, i)).map((i) => i.fullName);
  if (handedOver.length > 0)
    ctx.logger.info(
      `left ${handedOver.length} imports its replacement holds now: ${handedOver.slice(0, 20).join(", ")}`,
    );
  return actual.imports.filter((i) => ours(i) && (i.scanning || ctx.inputs.deleteFindings));
}
