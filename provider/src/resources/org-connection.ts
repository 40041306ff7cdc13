// OrgConnection: "this platform org is connected to this SCM organization / group".
// Proves the integration's token can see the organization with the role the platform needs; on
// Semgrep creates (or takes over) the SCM configuration and reports Semgrep's own check of it.
import { guarded, shieldFailures } from "./failures";
import type { ResourceHandler } from "./handler";
import { connect } from "./org-connection-apply";
import { checkOrgConnection } from "./org-connection-check";
import { INPUT_KEYS, KIND, REFRESH_FOUND } from "./org-connection-context";
import { deleteOrgConnection } from "./org-connection-destroy";
import { readOrgConnection } from "./org-connection-refresh";
import { knownReplacementKeys } from "./props";
import {
  orgConnectionInputKeys,
  orgConnectionReplaceOnChanges,
  orgConnectionSecretInputPaths,
  orgConnectionSecretOutputs,
} from "./schema.generated";
import { changedKeys } from "./schema-support";
import { withoutUnheldTokens } from "./unread-tokens";

// Tests forget the membership claims (org-connection-membership.ts) from here, beside the handler.
export { forgetMembershipClaims } from "./org-connection-membership";

export const orgConnectionHandler: ResourceHandler = {
  check: guarded(
    KIND,
    shieldFailures({ secret: orgConnectionSecretOutputs, inputs: orgConnectionInputKeys }, checkOrgConnection),
  ),

  diff: guarded(KIND, async (_id, olds, news) => {
    const replaces = knownReplacementKeys(orgConnectionReplaceOnChanges, olds, news);
    const compared = withoutUnheldTokens(olds, news, orgConnectionSecretInputPaths);
    const changed = changedKeys(olds, compared, INPUT_KEYS).length > 0;
    const brokenOutOfBand =
      Array.isArray(olds.warnings) && olds.warnings.some((w) => String(w).startsWith(REFRESH_FOUND));
    if (!changed && replaces.length === 0) return { changes: brokenOutOfBand };
    // `changes` left unset so the engine shows which inputs change (see integration.ts).
    return replaces.length > 0 ? { replaces, deleteBeforeReplace: true } : {};
  }),

  create: guarded(KIND, async (inputs) => connect(inputs)),

  update: guarded(KIND, async (_id, olds, news) => ({ outs: (await connect(news, olds.adopted === true)).outs })),

  read: guarded(KIND, readOrgConnection),

  delete: guarded(KIND, deleteOrgConnection),
};
