/**
 * The procedural domains and their classes, in label order. The compiler reads this table (so a
 * synthetic domain compiles without a folder) and the generators under this folder must produce
 * exactly these classes. Kept free of imports so that compiling never loads a graphics library.
 */
export const SYNTH_CLASSES = {
  natural: ["disc", "polygon", "star", "stripes", "checker", "dots"],
  fundus: ["no_dr", "mild", "moderate", "severe", "proliferative"],
  larynx: ["benign", "malignant"],
} as const;

export type SynthKind = keyof typeof SYNTH_CLASSES;

export function isSynthKind(name: string): name is SynthKind {
  return Object.hasOwn(SYNTH_CLASSES, name);
}
