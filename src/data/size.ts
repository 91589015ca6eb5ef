/** `64x48` (height x width, as `.thtl` files write sizes) or `64` for a square; null if malformed or above 4096. */
export function parseSizeText(text: string): { height: number; width: number } | null {
  const match = /^(\d+)(?:x(\d+))?$/.exec(text);
  if (!match) return null;
  const height = Number(match[1]);
  const width = Number(match[2] ?? match[1]);
  return height >= 1 && width >= 1 && height <= 4096 && width <= 4096 ? { height, width } : null;
}
