/**
 * ResNet18 (torchvision's layout: 7x7/2 stem, 3x3/2 max pool, four stages of two BasicBlocks,
 * global average pool, classifier), built with tfjs-layers for the benchmarks until the runtime's
 * model builder can be imported from dist/. Exported as `buildResNet18(tf, {size, classes, seed})`
 * so that worker threads can build the very same model.
 */
export function buildResNet18(tf, { size = 64, classes = 10, seed = 1 } = {}) {
  let n = 0;
  const init = () => tf.initializers.heNormal({ seed: seed * 1000 + n++ });
  const conv = (x, filters, kernel, strides, name) =>
    tf.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides,
        padding: "same",
        useBias: false,
        kernelInitializer: init(),
        name,
      })
      .apply(x);
  const bn = (x, name) => tf.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9, name }).apply(x);
  const relu = (x) => tf.layers.reLU().apply(x);

  const input = tf.input({ shape: [size, size, 3], name: "input_1" });
  let x = relu(bn(conv(input, 64, 7, 2, "conv1_conv"), "conv1_bn"));
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same", name: "pool1_pool" }).apply(x);
  [64, 128, 256, 512].forEach((filters, stage) => {
    for (let block = 0; block < 2; block++) {
      const prefix = `conv${stage + 2}_block${block + 1}`;
      const strides = stage > 0 && block === 0 ? 2 : 1;
      let shortcut = x;
      if (strides !== 1 || x.shape[3] !== filters) {
        shortcut = bn(conv(x, filters, 1, strides, `${prefix}_0_conv`), `${prefix}_0_bn`);
      }
      let y = relu(bn(conv(x, filters, 3, strides, `${prefix}_1_conv`), `${prefix}_1_bn`));
      y = bn(conv(y, filters, 3, 1, `${prefix}_2_conv`), `${prefix}_2_bn`);
      x = relu(tf.layers.add({ name: `${prefix}_add` }).apply([shortcut, y]));
    }
  });
  x = tf.layers.globalAveragePooling2d({ name: "avg_pool" }).apply(x);
  const logits = tf.layers.dense({ units: classes, kernelInitializer: init(), name: "predictions" }).apply(x);
  return tf.model({ inputs: input, outputs: logits, name: "resnet18" });
}
