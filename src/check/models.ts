import type { InputStmt, ModelDecl } from "../language/ast.js";
import { getArchitecture } from "../models/catalogue.js";
import type { ArchitectureInfo, Variant } from "../models/types.js";
import { first } from "./statements.js";
import type { Declared, Symbols } from "./symbols.js";

/** A name in `models`, resolved to an architecture and its options. */
export interface ResolvedModel {
  name: string;
  arch: ArchitectureInfo;
  width: number;
  dropout: number;
  /** The framework build `arch` names (`arch resnet50 torchvision`), if it names one. */
  archVariant?: Variant;
  /** The variant's `input`, if it sets one. */
  input?: { stmt: InputStmt; file: string };
  variant?: Declared<ModelDecl>;
}

/**
 * A declared `model` variant wins over a built-in of the same name (which is itself an error);
 * undefined when the name is unknown or the variant's `arch` is missing or unknown.
 */
export function resolveModel(name: string, symbols: Symbols): ResolvedModel | undefined {
  const variant = symbols.models.get(name);
  if (!variant) {
    const arch = getArchitecture(name);
    return arch && { name, arch, width: 1, dropout: 0 };
  }
  const statements = variant.decl.statements;
  const archStmt = first(statements, "Arch");
  const archName = archStmt?.arch.value;
  const arch = archName === undefined ? undefined : getArchitecture(archName);
  if (!arch) return undefined;
  const archVariant = arch.variants.find((v) => v === archStmt?.variant?.value);
  const input = first(statements, "Input");
  return {
    name,
    arch,
    width: first(statements, "Width")?.value.value ?? 1,
    dropout: first(statements, "Dropout")?.value.value ?? 0,
    ...(archVariant && { archVariant }),
    ...(input && { input: { stmt: input, file: variant.file } }),
    variant,
  };
}

/**
 * The groups of an architecture, and on demand their layer paths, which only glob selectors and
 * partly trainable groups need: listing them builds the architecture's layer graph, which
 * `thtl check` otherwise never has to do.
 */
export interface ModelLayout {
  /** Group names in model order, ending in `head`. */
  groups: readonly string[];
  /** A group's layer paths in model order. */
  layersOf(group: string): readonly string[];
  /** Every layer path in model order. */
  layers(): readonly string[];
}

const layouts = new Map<string, ModelLayout>();

/**
 * Layer paths depend on neither width, input nor classes, only on whether there is dropout (a
 * `head.dropout` layer) and on the variant `arch` names (torchvision's builds add padding layers).
 */
export function layoutOf(model: Pick<ResolvedModel, "arch" | "dropout" | "archVariant">): ModelLayout {
  const key = layoutKey(model);
  let layout = layouts.get(key);
  if (!layout) {
    let paths: { byGroup: Map<string, string[]>; all: string[] } | undefined;
    const load = () => {
      if (paths) return paths;
      const options = {
        width: 1,
        input: { ...model.arch.defaultInput, channels: 3 as const },
        classes: 2,
        dropout: model.dropout > 0 ? 0.5 : 0,
        ...(model.archVariant && { variant: model.archVariant }),
      };
      const groups = model.arch.describe(options).groups;
      const byGroup = new Map(groups.map((group) => [group.name, group.layers.map((layer) => layer.path)]));
      return (paths = { byGroup, all: [...byGroup.values()].flat() });
    };
    layout = {
      groups: model.arch.groups,
      layersOf: (group) => load().byGroup.get(group) ?? [],
      layers: () => load().all,
    };
    layouts.set(key, layout);
  }
  return layout;
}

export function layoutKey(model: Pick<ResolvedModel, "arch" | "dropout" | "archVariant">): string {
  const name = model.archVariant ? `${model.arch.name}/${model.archVariant}` : model.arch.name;
  return model.dropout > 0 ? `${name}+dropout` : name;
}

/** Layer paths start with their group's name: `layer4.1.conv2` is in `layer4`. */
export function groupOfLayer(path: string): string {
  const dot = path.indexOf(".");
  return dot === -1 ? path : path.slice(0, dot);
}
