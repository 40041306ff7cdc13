// The provider object Pulumi serializes into every resource's state (`__provider`). It must stay a
// thin stub: it holds nothing but the resource kind, and each call loads the provider package that is
// installed beside the program, at call time. No token, client or zod schema is ever captured, so
// state stays small and secret-free, and a provider fix reaches old resources on the next command.
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderModule, ResourceKind } from "../provider/src/index";
import type { Props } from "../provider/src/resources/handler";

export type { ResourceKind };

export function providerStub(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // Resolved from the dynamic-provider process's working directory (the Pulumi project), like any package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point of the stub: load at call time
  const provider = (): ProviderModule => require("pulumi-scm-integrations/provider") as ProviderModule;
  return {
    configure: (req) => provider().configure(req),
    // The engine's values arrive typed as any; the handlers take them as Props and validate them with zod.
    check: (olds: Props, news: Props) => provider().handler(kind).check(olds, news),
    diff: (id, olds: Props, news: Props) => provider().handler(kind).diff(id, olds, news),
    create: (inputs: Props) => provider().handler(kind).create(inputs),
    read: (id, props: Props) => provider().handler(kind).read(id, props),
    update: (id, olds: Props, news: Props) => provider().handler(kind).update(id, olds, news),
    delete: (id, props: Props) => provider().handler(kind).delete(id, props),
  };
}
