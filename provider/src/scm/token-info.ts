// Where every SCM's token introspection starts (scm/github/introspect.ts, scm/gitlab/introspect.ts): the
// token's kind by its prefix, and nothing read yet.
import type { TokenInfo, TokenKind } from "./types";

/** Nothing granted, proven or known yet; `rest` carries what the SCM already told (warnings, instance kind). */
export function unreadTokenInfo(kind: TokenKind, rest: Pick<TokenInfo, "warnings" | "isEnterpriseServer">): TokenInfo {
  return {
    kind,
    grantedScopes: [],
    effectiveScopes: [],
    scopesKnown: false,
    provenCapabilities: [],
    unprovenCapabilities: [],
    ...rest,
  };
}
