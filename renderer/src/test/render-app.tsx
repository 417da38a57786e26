import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createI18n, type Language } from '../i18n';
import { bindEvents, createAppStore, loadAll, type AppStore } from '../store';
import { StoreProvider } from '../store/context';
import { memoryPrefs } from '../store/prefs';
import { FakeHoldfast } from './fake-holdfast';

export interface Rendered {
  api: FakeHoldfast;
  store: AppStore;
  unmount(): void;
}

/** Renders a piece of the app over a fake bridge, with the store loaded the way main.tsx loads it. */
export async function renderWithStore(
  ui: ReactElement,
  options: { api?: FakeHoldfast; language?: Language; focused?: boolean } = {},
): Promise<Rendered> {
  const api = options.api ?? new FakeHoldfast();
  const focused = options.focused ?? true;
  // A chosen language is also the stored preference, so <App /> does not switch back to the system's.
  const prefs = memoryPrefs(options.language ? { language: options.language } : {});
  const store = createAppStore({ api, prefs, isFocused: () => focused });
  const unbind = bindEvents(store, api);
  await loadAll(store);
  const i18n = createI18n(options.language ?? 'en');
  const result = render(
    <I18nextProvider i18n={i18n}>
      <StoreProvider store={store}>{ui}</StoreProvider>
    </I18nextProvider>,
  );
  return {
    api,
    store,
    unmount: () => {
      unbind();
      result.unmount();
    },
  };
}
