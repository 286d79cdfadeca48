/** One colour per digit class, distinguishable on the dark background (category10, brightened). */
export const CLASS_COLORS = [
  '#4e9dff',
  '#ff9f40',
  '#4fd36b',
  '#ff5c5c',
  '#b58cff',
  '#d9a06b',
  '#ff8ad8',
  '#c4c4c4',
  '#e3e35a',
  '#3fd8e8',
] as const;

export function classColor(c: number): string {
  return CLASS_COLORS[c % CLASS_COLORS.length];
}
