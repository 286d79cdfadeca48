/** Each model id's line colour in the Lab's charts (a preset's models keep their colours across presets). */
export const MODEL_COLORS: Record<string, string> = {
  sphere: '#ff8a5c',
  baseline: '#6cb4ff',
  linear: '#c792ea',
  cosine: '#7fd88f',
  sigmoid: '#ff8a5c',
  'learnable-sigmoid': '#ffcf5c',
  'bn-baseline': '#6cb4ff',
  spherenorm: '#ff8a5c',
  'spherenorm-bn': '#ffcf5c',
};
