import type { PlanPartialGroup } from "../plan/types.js";
import { groupOfLayer, type ModelLayout } from "./models.js";
import type { SelectorMatch } from "./selectors.js";

/**
 * What is trainable in a model: whole groups, plus the trainable layers of groups that globs made
 * partly trainable. Layer lists are only consulted for globs, so schedules that select whole
 * groups never need the architecture's layer graph.
 */
export class TrainableSet {
  private readonly whole = new Set<string>();
  private readonly parts = new Map<string, Set<string>>();

  constructor(private readonly layout: ModelLayout) {}

  clone(): TrainableSet {
    const copy = new TrainableSet(this.layout);
    for (const group of this.whole) copy.whole.add(group);
    for (const [group, layers] of this.parts) copy.parts.set(group, new Set(layers));
    return copy;
  }

  clear(): void {
    this.whole.clear();
    this.parts.clear();
  }

  get isEmpty(): boolean {
    return this.whole.size === 0 && this.parts.size === 0;
  }

  add(match: SelectorMatch): void {
    for (const group of match.groups) {
      this.whole.add(group);
      this.parts.delete(group);
    }
    for (const layer of match.layers) {
      const group = groupOfLayer(layer);
      if (this.whole.has(group)) continue;
      const part = this.parts.get(group) ?? new Set();
      this.parts.set(group, part.add(layer));
      if (part.size === this.layout.layersOf(group).length) this.add({ groups: [group], layers: [] });
    }
  }

  remove(match: SelectorMatch): void {
    for (const group of match.groups) {
      this.whole.delete(group);
      this.parts.delete(group);
    }
    for (const layer of match.layers) {
      const group = groupOfLayer(layer);
      if (this.whole.delete(group)) this.parts.set(group, new Set(this.layout.layersOf(group)));
      const part = this.parts.get(group);
      part?.delete(layer);
      if (part?.size === 0) this.parts.delete(group);
    }
  }

  /** Whether every group and layer of the match is trainable. */
  hasAll(match: SelectorMatch): boolean {
    return match.groups.every((group) => this.whole.has(group)) && match.layers.every((layer) => this.hasLayer(layer));
  }

  /** Whether anything the match covers is trainable. */
  hasAny(match: SelectorMatch): boolean {
    return (
      match.groups.some((group) => this.whole.has(group) || this.parts.has(group)) ||
      match.layers.some((layer) => this.hasLayer(layer))
    );
  }

  private hasLayer(layer: string): boolean {
    return this.whole.has(groupOfLayer(layer)) || Boolean(this.parts.get(groupOfLayer(layer))?.has(layer));
  }

  /** Groups by how much of them is trainable, in model order; partial groups list their trainable layers in model order. */
  states(): { trainable: string[]; frozen: string[]; partial: PlanPartialGroup[] } {
    const partial = this.layout.groups.flatMap((group) => {
      const part = this.parts.get(group);
      return part ? [{ group, layers: this.layout.layersOf(group).filter((layer) => part.has(layer)) }] : [];
    });
    return {
      trainable: this.layout.groups.filter((group) => this.whole.has(group)),
      frozen: this.layout.groups.filter((group) => !this.whole.has(group) && !this.parts.has(group)),
      partial,
    };
  }
}
