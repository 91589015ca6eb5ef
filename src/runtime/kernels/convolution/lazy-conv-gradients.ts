import type { Tensor } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../../tf.js";

type FusedArgs = {
  x: Tensor;
  filter: Tensor;
  strides: number | [number, number];
  pad: "same" | "valid" | number;
  dataFormat?: "NHWC" | "NCHW";
  dilations?: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
  bias?: Tensor;
  activation?: string;
  preluActivationWeights?: Tensor;
  leakyreluAlpha?: number;
};
type FusedOp = ((args: FusedArgs) => Tensor) & { thtlLazy?: true };

/**
 * tfjs-layers runs every convolution through `tf.fused.conv2d` (and `depthwiseConv2d`), whose
 * gradient is a customGrad that always computes both the input and the filter gradient. The plain
 * ops' registered gradients are thunks that tfjs calls only for inputs the tape needs, so under a
 * gradient tape (and with nothing but a bias or ReLU to fuse) we take the plain ops: the first
 * trainable convolution's input gradient, which nothing reads (the stem's in a full fine-tune,
 * the first unfrozen block's in a partial one), is then never computed. Same values; inference
 * keeps the fused kernels.
 */
export function preferLazyConvGradients(tf: TfNamespace): void {
  const fused = tf.fused as unknown as { conv2d: FusedOp; depthwiseConv2d: FusedOp };
  const lazy = (original: FusedOp, plain: (args: FusedArgs) => Tensor): FusedOp => {
    if (original.thtlLazy) return original;
    const op: FusedOp = (args) => {
      const activation = args.activation ?? "linear";
      const simple = (activation === "linear" || activation === "relu") && args.preluActivationWeights == null;
      if (tf.engine().state.gradientDepth === 0 || !simple) return original(args);
      const y = args.bias == null ? plain(args) : tf.add(plain(args), args.bias);
      return activation === "relu" ? tf.relu(y) : y;
    };
    op.thtlLazy = true;
    return op;
  };
  const dataFormat = (args: FusedArgs) => args.dataFormat ?? "NHWC";
  const dilations = (args: FusedArgs) => args.dilations ?? [1, 1];
  fused.conv2d = lazy(fused.conv2d, (a) =>
    tf.conv2d(a.x as never, a.filter as never, a.strides, a.pad, dataFormat(a), dilations(a), a.dimRoundingMode),
  );
  fused.depthwiseConv2d = lazy(fused.depthwiseConv2d, (a) =>
    tf.depthwiseConv2d(
      a.x as never,
      a.filter as never,
      a.strides,
      a.pad,
      dataFormat(a),
      dilations(a),
      a.dimRoundingMode,
    ),
  );
}
