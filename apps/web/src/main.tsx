import { render } from 'preact';

import { App } from './app';
import { getLanguage } from './i18n';
import './styles.css';

document.documentElement.lang = getLanguage();
render(<App />, document.getElementById('app')!);

// The offline shell (src/sw.ts): the built app only; the development server has no /sw.js.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}
