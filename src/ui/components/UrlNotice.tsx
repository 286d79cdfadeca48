export function UrlNotice({ ignored, onDismiss }: { ignored: string[]; onDismiss(): void }) {
  if (ignored.length === 0) return null;
  return (
    <div className="notice" role="status" aria-label="Link notice">
      <strong>Some link settings were ignored</strong> and their defaults used instead: {ignored.join('; ')}.{' '}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
