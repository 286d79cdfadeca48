import type { ReactNode } from 'react';

/**
 * A box that scrolls sideways when its content (a wide table) is wider than the screen, so the
 * page itself never does. Keyboard users must be able to focus it to scroll it (axe:
 * scrollable-region-focusable), and a focusable region needs a name.
 */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keys
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
