export const VIEWS = ['lab', 'fourier', 'features', 'operators', 'theory', 'about'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<ViewId, string> = {
  lab: 'Lab',
  fourier: 'Fourier',
  features: 'Features',
  operators: 'Operators',
  theory: 'Theory',
  about: 'About',
};
