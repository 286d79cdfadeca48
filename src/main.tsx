import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ensureCrossOriginIsolation } from './crossOriginIsolation';
import { App, preloadView } from './ui/App';
import { parseUrl } from './url/schema';
import './ui/app.css';

function render() {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// The opening view's chunk loads while isolation is checked; a failed load falls back to lazy.
const opening = preloadView(parseUrl(window.location.search).state.view).catch(() => {});
// Before the first render: on a static host the page may reload once to become isolated.
ensureCrossOriginIsolation(import.meta.env.BASE_URL).then(
  (isolation) => {
    if (isolation !== 'reloading') void opening.then(render);
  },
  () => void opening.then(render),
);
