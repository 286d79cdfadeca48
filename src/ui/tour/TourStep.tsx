import type { ReactNode } from 'react';

/**
 * One step of the tour: its number and idea, a live figure, the sentences, and a link that opens
 * the full view in the state the step shows (a plain link: it reloads the app at that URL).
 */
export function TourStep(props: {
  id: string;
  index: number;
  title: string;
  link: { href: string; text: string };
  children: ReactNode;
}) {
  return (
    <section className="tour-step panel" id={props.id} aria-labelledby={`${props.id}-title`}>
      <h3 id={`${props.id}-title`}>
        <span className="tour-step-number" aria-hidden="true">
          {props.index}
        </span>
        {props.title}
      </h3>
      {props.children}
      <p className="tour-link">
        <a href={props.link.href} data-testid={`${props.id}-link`}>
          {props.link.text} →
        </a>
      </p>
    </section>
  );
}
