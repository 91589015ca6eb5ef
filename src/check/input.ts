import type { ImageSize } from "../plan/types.js";
import type { DomainDecl, Span } from "../language/ast.js";
import type { ExperimentInfo } from "./experiments.js";
import type { ResolvedModel } from "./models.js";
import { first } from "./statements.js";

/** An input size and the statement that set it (none for the architecture's default). */
export interface ResolvedInput extends ImageSize {
  origin?: { file: string; span: Span };
  /** The data domain whose `image` set it, if one did. */
  domain?: string;
}

/**
 * Spec section 5: the experiment's `input`, else the data domains' `image` (the first one; the
 * `consistent-chain-images` rule requires them to agree), else the variant's `input`, else the
 * architecture's default. Channels come from the first data domain's `image` mode (default rgb).
 */
export function resolveInput(experiment: ExperimentInfo, model: ResolvedModel): ResolvedInput {
  const images = experiment.hops.flatMap((hop) => {
    const image = hop.domain && first(hop.domain.decl.statements, "Image");
    return image && hop.domain ? [{ image, file: hop.domain.file, domain: hop.link.domain.value }] : [];
  });
  const firstDomain = experiment.hops.find((hop) => hop.domain)?.domain;
  const channels = firstDomain && imageMode(firstDomain.decl) === "grayscale" ? 1 : 3;
  if (experiment.input) {
    const { height, width } = experiment.input.size;
    return { height, width, channels, origin: { file: experiment.file, span: experiment.input.size.span } };
  }
  if (images[0]) {
    const { height, width } = images[0].image.size;
    return {
      height,
      width,
      channels,
      origin: { file: images[0].file, span: images[0].image.size.span },
      domain: images[0].domain,
    };
  }
  if (model.input) {
    const { height, width } = model.input.stmt.size;
    return { height, width, channels, origin: { file: model.input.file, span: model.input.stmt.size.span } };
  }
  return { ...model.arch.defaultInput, channels };
}

export function imageMode(domain: DomainDecl): "rgb" | "grayscale" {
  return first(domain.statements, "Image")?.mode ?? "rgb";
}
