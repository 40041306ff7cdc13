// What every resource implements: the dynamic-provider methods, with plain (secret-stripped) values.
// Inputs and outputs are loosely typed at this boundary on purpose: each handler validates with zod.
import type * as pulumi from "@pulumi/pulumi";

export type Props = Record<string, unknown>;

export interface ResourceHandler {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}
