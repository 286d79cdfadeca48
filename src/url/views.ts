export const VIEWS = ['lab', 'inside', 'fourier', 'features', 'operators', 'theory', 'about'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<ViewId, string> = {
  lab: 'Lab',
  inside: 'Inside',
  fourier: 'Fourier',
  features: 'Features',
  operators: 'Operators',
  theory: 'Theory',
  about: 'About',
};
