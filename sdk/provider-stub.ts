// The provider object Pulumi serializes into every resource's state (`__provider`). It must stay a
// thin stub: it holds nothing but the resource kind, and each call loads the provider package that is
// installed beside the program, at call time. No token, client or zod schema is ever captured, so
// state stays small and secret-free, and a provider fix reaches old resources on the next command.
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderModule, ResourceKind } from "../provider/src/index";

export type { ResourceKind };

export function providerStub(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // Resolved from the dynamic-provider process's working directory (the Pulumi project), like any package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point of the stub: load at call time
  const provider = (): ProviderModule => require("pulumi-scm-integrations/provider");
  return {
    configure: (req) => provider().configure(req),
    check: (olds, news) => provider().handler(kind).check(olds, news),
    diff: (id, olds, news) => provider().handler(kind).diff(id, olds, news),
    create: (inputs) => provider().handler(kind).create(inputs),
    read: (id, props) => provider().handler(kind).read(id, props),
    update: (id, olds, news) => provider().handler(kind).update(id, olds, news),
    delete: (id, props) => provider().handler(kind).delete(id, props),
  };
}
