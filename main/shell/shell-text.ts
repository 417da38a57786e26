import i18next, { type TFunction } from 'i18next';
import { en } from '../../renderer/src/i18n/en';
import { LANGUAGES, resolveLanguage, type Language, type LanguagePreference } from '../../renderer/src/i18n/languages';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

/**
 * The words of the desktop shell (tray, system notifications, dialogs) in the user's language, from the
 * window's own translation tables (renderer/src/i18n: plain data), resolved by the window's own rule
 * (`ui.language`, or the system's languages when it is "system").
 */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface ShellText {
  readonly language: Language;
  /** Fills the shell's keys (`shell.tray.connect`, …) and the window's (`notification.title.resolved`, …). */
  readonly t: Translate;
  /** The same, as i18next's function, for text helpers shared with the window. */
  readonly i18nT: TFunction;
}

const texts = new Map<Language, ShellText>();

export function shellText(language: Language): ShellText {
  let text = texts.get(language);
  if (!text) {
    const instance = i18next.createInstance();
    void instance.init({
      resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
      lng: language,
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      // Menus, tooltips and notifications are plain text, not HTML.
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    });
    const i18nT = instance.t.bind(instance) as TFunction;
    text = { language, i18nT, t: (key, params) => String(i18nT(key, params ?? {})) };
    texts.set(language, text);
  }
  return text;
}

/** `ui.language` from core settings, read defensively (anything unknown counts as "system"). */
export function languagePreference(settings: unknown): LanguagePreference {
  const language = (settings as { ui?: { language?: unknown } } | null | undefined)?.ui?.language;
  return (LANGUAGES as readonly unknown[]).includes(language) ? (language as Language) : 'system';
}

/**
 * The shell's current language, following the setting: `apply` after every settings change says whether
 * the language changed, so the tray is redrawn at once instead of at the next restart.
 */
export class ShellLanguage {
  private text: ShellText;

  constructor(
    settings: unknown,
    private readonly systemLanguages: () => readonly string[],
  ) {
    this.text = shellText(this.resolve(settings));
  }

  current(): ShellText {
    return this.text;
  }

  apply(settings: unknown): boolean {
    const language = this.resolve(settings);
    if (language === this.text.language) return false;
    this.text = shellText(language);
    return true;
  }

  private resolve(settings: unknown): Language {
    return resolveLanguage(languagePreference(settings), this.systemLanguages());
  }
}
