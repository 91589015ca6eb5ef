/**
 * A replica thread: loads TensorFlow.js with its backend (the wasm backend with thtl's kernels
 * through `selectBackend`), builds the model from the catalogue, and answers the main thread's
 * requests one at a time. A step runs synchronously, so it blocks this thread at the barrier,
 * never the main one.
 */
import { parentPort, workerData } from "node:worker_threads";
import { selectBackend } from "../backend/select.js";
import { buildModel } from "../models/build-model.js";
import { readWeights, writeWeights } from "../snapshot.js";
import type { TfNamespace } from "../tf.js";
import type { ReplicaInit, Reply, Request } from "./protocol.js";
import { predictShard, replicaStep, type ReplicaShared } from "./replica-step.js";
import { isMovingStatistic, setUpStage, type ReplicaStage } from "./stage-setup.js";

const init = workerData as ReplicaInit;
const port = parentPort!;
const { tf } = await selectBackend(init.backend);
const built = buildModel(tf, init.arch, init.buildOptions);
const shared: ReplicaShared = {
  rank: init.rank,
  size: init.size,
  control: new Int32Array(init.control),
  stats: new Float64Array(init.stats),
  grads: new Float32Array(0),
};
let stage: ReplicaStage | null = null;

// The main thread sends a replica its next request only after the reply to the previous one.
port.on("message", async (message: Request & { id: number }) => {
  let reply: Reply;
  try {
    reply = { id: message.id, ok: true, result: await handle(tf, message) };
  } catch (error) {
    reply = { id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ id: 0, ok: true, result: null } satisfies Reply);

function handle(tf: TfNamespace, request: Request): unknown {
  switch (request.type) {
    case "setWeights":
      writeWeights(tf, built.model, request.weights);
      return null;
    case "beginStage": {
      stage?.optimizer.dispose();
      stage = null;
      stage = setUpStage(tf, built, request.setup);
      return stage.vars.reduce((sum, v) => sum + v.variable.size, 0);
    }
    case "gradients":
      shared.grads = new Float32Array(request.buffer);
      return null;
    case "step":
      replicaStep(tf, activeStage(), shared, request, init.buildOptions.classes);
      return null;
    case "predict":
      return predictShard(tf, stage?.net ?? built.model, request, shared);
    case "readWeights": {
      const all = readWeights(built.model);
      return request.which === "all" ? all : all.filter((w) => isMovingStatistic(w.name));
    }
    case "optimizerState":
      return activeStage().optimizer.state();
  }
}

function activeStage(): ReplicaStage {
  if (!stage) throw new Error("no stage has begun on this replica (call beginStage first)");
  return stage;
}
