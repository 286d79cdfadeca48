import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

/** KaTeX-rendered math; `display` centers it on its own line. Also used by the Theory view. */
export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = useMemo(
    () => katex.renderToString(tex, { throwOnError: false, displayMode: display, output: 'htmlAndMathml' }),
    [tex, display],
  );
  // KaTeX escapes its input and emits only its own markup; the TeX here is our own constant text.
  // A display formula may scroll sideways on a narrow screen: keyboard users must be able to
  // focus it to scroll it (axe: scrollable-region-focusable), and it needs a name when focused.
  const focusable = display ? { tabIndex: 0, role: 'math', 'aria-label': `Formula: ${tex}` } : {};
  return (
    <span
      className={display ? 'tex tex-display' : 'tex'}
      {...focusable}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted KaTeX output of constant TeX
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
