import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/App';
import { createI18n, resolveLanguage } from './i18n';
import { bindEvents, createAppStore, loadAll } from './store';
import { StoreProvider } from './store/context';
import { localStoragePrefs } from './store/prefs';
import './styles/index.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');
const root = createRoot(rootElement);
const api = window.holdfast;
const i18n = createI18n(resolveLanguage(localStoragePrefs.load().language ?? 'system', navigator.languages ?? []));

if (!api) {
  // Opened outside the app or the harness: say so instead of showing a broken window.
  root.render(<p className="fatal">{i18n.t('app.noBridge')}</p>);
} else {
  const store = createAppStore({ api, prefs: localStoragePrefs });
  bindEvents(store, api);
  void loadAll(store);
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <StoreProvider store={store}>
          <App />
        </StoreProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}
