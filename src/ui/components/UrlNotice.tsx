import { stripBidiControls } from '../../url/linkLimits';

/** How many ignored items to spell out; a link full of junk should not bury the page. */
const SHOWN = 8;

export function UrlNotice({ ignored, onDismiss }: { ignored: string[]; onDismiss(): void }) {
  if (ignored.length === 0) return null;
  const rest = ignored.length - SHOWN;
  return (
    <div className="notice" role="status" aria-label="Link notice">
      <strong>Some link settings were ignored</strong> and their defaults used instead:{' '}
      {stripBidiControls(ignored.slice(0, SHOWN).join('; '))}
      {rest > 0 ? `; and ${rest} more` : ''}.{' '}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
