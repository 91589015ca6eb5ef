// The timed loops the training benchmarks share: a bare custom training step (the shape of the
// executor's Trainer), an eval-mode forward pass, and the profile table.

/** One training step: forward, softmax cross-entropy, gradients, SGD with momentum 0.9. */
export function trainingStep(tf, model, { batch, size, classes }) {
  const optimizer = tf.train.momentum(0.01, 0.9);
  const x = tf.randomNormal([batch, size, size, 3], 0, 1, "float32", 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, classes, "int32", 2), classes);
  return () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() =>
        tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })),
      );
      optimizer.applyGradients(grads);
      return value.dataSync()[0];
    });
}

/**
 * One eval-mode forward pass (batch-norm moving statistics, no tape) by `forward(tf, model, x)`:
 * thtl's `inferenceForward`, as predict, evaluation and the prefix features run it.
 */
export function inferenceStep(tf, model, { batch, size }, forward) {
  const x = tf.randomNormal([batch, size, size, 3], 0, 1, "float32", 1);
  return () => tf.tidy(() => forward(tf, model, x).dataSync()[0]);
}

/** Wall-clock and CPU milliseconds per step, after the warm-up steps (then `afterWarmup` runs). */
export function timeSteps(tf, step, { warmup, steps, afterWarmup = () => {} }) {
  for (let i = 0; i < warmup; i++) step();
  afterWarmup();
  const tensors = tf.memory().numTensors;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < steps; i++) step();
  const ms = (performance.now() - start) / steps;
  const cpu = process.cpuUsage(cpuStart);
  if (tf.memory().numTensors !== tensors)
    console.log(`warning: live tensors went from ${tensors} to ${tf.memory().numTensors}`);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 / steps };
}

/** The kernel timer's table as self time per step, largest first, with what falls outside kernels. */
export function printProfile(table, { stepMs, steps, clock }) {
  console.log(`\nkernel self time per step (${clock} clock):`);
  console.log(
    `${"kernel (Outer > Inner: run by another kernel)".padEnd(46)} ${"calls".padStart(6)} ${"ms".padStart(8)} ${"share".padStart(7)}`,
  );
  let inKernels = 0;
  for (const row of table) {
    inKernels += row.selfMs / steps;
    if (row.selfMs / steps < 0.5) continue;
    const ms = row.selfMs / steps;
    console.log(
      `${row.kernel.padEnd(46)} ${String(row.calls / steps).padStart(6)} ${ms.toFixed(1).padStart(8)} ${((100 * ms) / stepMs).toFixed(1).padStart(6)}%`,
    );
  }
  const outside = stepMs - inKernels;
  console.log(
    `${"(outside kernels: tape, JS, GC)".padEnd(46)} ${"".padStart(6)} ${outside.toFixed(1).padStart(8)} ${((100 * outside) / stepMs).toFixed(1).padStart(6)}%\n`,
  );
}
