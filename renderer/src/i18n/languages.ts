/**
 * The languages Holdfast speaks and how the user's choice resolves. Plain code with no imports, so the
 * desktop shell (tray, dialogs, notifications) resolves the language exactly as the window does.
 */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export type LanguagePreference = Language | 'system';

/** The user's choice wins; otherwise the first system language we speak; otherwise English. */
export function resolveLanguage(preference: LanguagePreference, systemLanguages: readonly string[]): Language {
  if (preference !== 'system') return preference;
  for (const tag of systemLanguages) {
    const lower = tag.toLowerCase();
    // Readers of Traditional Chinese read Simplified far more easily than English.
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}
