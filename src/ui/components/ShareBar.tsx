import './shareClassroom.css';
import { useEffect, useRef, useState } from 'react';
import type { AppStateApi } from '../useAppState';

/** Old-school copy for pages where the async clipboard is missing or denied (http, iframes). */
function copyWithTextarea(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied or unavailable: fall through to the textarea trick.
  }
  return copyWithTextarea(text);
}

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; url: string };

/**
 * "Copy link": puts the link to this exact state (an absolute URL, wherever the app is served)
 * on the clipboard, or shows it to copy by hand. "Embed": an <iframe> snippet of this view.
 */
export function ShareBar({ app }: { app: AppStateApi }) {
  const [copy, setCopy] = useState<CopyState>({ kind: 'idle' });
  const [embedOpen, setEmbedOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onCopy = async () => {
    const url = app.shareUrl();
    const ok = await copyText(url);
    clearTimeout(timer.current);
    setCopy(ok ? { kind: 'copied' } : { kind: 'manual', url });
    if (ok) timer.current = setTimeout(() => setCopy({ kind: 'idle' }), 2500);
  };

  return (
    <div className="share-bar">
      <button type="button" className="btn primary" onClick={onCopy}>
        Copy link
      </button>
      <button
        type="button"
        className="btn"
        aria-expanded={embedOpen}
        aria-controls="embed-code-panel"
        onClick={() => setEmbedOpen((o) => !o)}
      >
        Embed
      </button>
      <span role="status" aria-live="polite" className="share-status">
        {copy.kind === 'copied' ? 'Copied' : ''}
      </span>
      {copy.kind === 'manual' && (
        <input
          type="text"
          readOnly
          aria-label="Link to copy"
          value={copy.url}
          onFocus={(e) => e.currentTarget.select()}
          size={40}
        />
      )}
      {embedOpen && <EmbedCode key={app.embedCode()} code={app.embedCode()} />}
    </div>
  );
}

/** The <iframe> snippet in a labelled read-only box, with its own copy button. */
function EmbedCode({ code }: { code: string }) {
  const [copied, setCopied] = useState<boolean | undefined>(undefined);
  return (
    <div className="embed-code" id="embed-code-panel">
      <label htmlFor="embed-code">Embed this view (HTML for a slide or course page)</label>
      <textarea id="embed-code" readOnly rows={4} value={code} onFocus={(e) => e.currentTarget.select()} />
      <div className="embed-code-actions">
        <button type="button" className="btn" onClick={async () => setCopied(await copyText(code))}>
          Copy embed code
        </button>
        <span role="status" aria-live="polite" className="share-status embed-status">
          {copied === true ? 'Copied' : copied === false ? 'Select the code above and copy it' : ''}
        </span>
      </div>
    </div>
  );
}
