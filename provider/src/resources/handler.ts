// What every resource implements: the dynamic-provider methods, with plain (secret-stripped) values.
// Inputs and outputs are loosely typed at this boundary on purpose: each handler validates with zod.
import type * as pulumi from "@pulumi/pulumi";

export type Props = Record<string, unknown>;

// pulumi.dynamic's result types with their `any` values as Props, so that what reads them (the
// stub, the tests) reads unknowns; they stay assignable to the engine's own. Every create and update
// here returns its outputs; a read of something gone returns {}.
export type CheckResult = Omit<pulumi.dynamic.CheckResult, "inputs"> & { inputs?: Props };
export type CreateResult = Omit<pulumi.dynamic.CreateResult, "outs"> & { outs: Props };
export type ReadResult = Omit<pulumi.dynamic.ReadResult, "props" | "inputs"> & { props?: Props; inputs?: Props };
export type UpdateResult = Omit<pulumi.dynamic.UpdateResult, "outs"> & { outs: Props };

export interface ResourceHandler {
  check(olds: Props, news: Props): Promise<CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<CreateResult>;
  read(id: string, props: Props): Promise<ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}
