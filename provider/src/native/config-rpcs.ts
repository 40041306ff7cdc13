// The provider's own settings over the ResourceProvider protocol: CheckConfig, DiffConfig, Configure.
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import type { Props } from "../resources/handler";
import { sameJson } from "../resources/schema-support";
import { checkConfig, configure } from "./config";
import { checkFailureList, toJs, toStruct } from "./rpc-serve";
import { unwrapSecrets } from "./wire";

export async function checkConfigResponse(req: rpc.CheckRequest): Promise<rpc.CheckResponse> {
  const news = toJs(req.getNews());
  const response = new rpc.CheckResponse();
  response.setInputs(toStruct(news));
  response.setFailuresList(checkFailureList(checkConfig(news)));
  return response;
}

// Settings only change how later calls reach the platforms: a change is an update of the
// provider (the engine configures it again), never a replacement of every resource it serves.
export async function diffConfigResponse(req: rpc.DiffRequest): Promise<rpc.DiffResponse> {
  const olds = unwrapSecrets(req.hasOldInputs() ? toJs(req.getOldInputs()) : toJs(req.getOlds())).plain;
  const news = unwrapSecrets(toJs(req.getNews())).plain;
  const response = new rpc.DiffResponse();
  response.setChanges(
    sameJson(olds, news) ? rpc.DiffResponse.DiffChanges.DIFF_NONE : rpc.DiffResponse.DiffChanges.DIFF_SOME,
  );
  return response;
}

export async function configureResponse(req: rpc.ConfigureRequest): Promise<rpc.ConfigureResponse> {
  const args: Props = toJs(req.getArgs());
  if (!req.hasArgs()) {
    // Older engines send only `variables`, keyed `scm-integrations:config:<name>`.
    req.getVariablesMap().forEach((value, key) => {
      args[key.split(":").pop() ?? key] = value;
    });
  }
  configure(args);
  const response = new rpc.ConfigureResponse();
  response.setAcceptsecrets(true);
  response.setSupportspreview(false);
  return response;
}
