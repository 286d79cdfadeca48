import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ensureCrossOriginIsolation } from './crossOriginIsolation';
import { App } from './ui/App';
import './ui/app.css';

function render() {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// Before the first render: on a static host the page may reload once to become isolated.
ensureCrossOriginIsolation(import.meta.env.BASE_URL).then(
  (isolation) => {
    if (isolation !== 'reloading') render();
  },
  () => render(),
);
