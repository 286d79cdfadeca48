/** The first view is the landing: the root URL (and an unknown ?view=) opens it. */
export const VIEWS = [
  'tour',
  'lab',
  'inside',
  'fourier',
  'features',
  'operators',
  'theory',
  'about',
] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<ViewId, string> = {
  tour: 'Tour',
  lab: 'Lab',
  inside: 'Inside',
  fourier: 'Fourier',
  features: 'Features',
  operators: 'Operators',
  theory: 'Theory',
  about: 'About',
};
