import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { sv } from './sv.ts';

// Swedish first; English for colleagues who need it. The choice is stored on the user.
void i18n.use(initReactI18next).init({
  resources: { sv: { translation: sv }, en: { translation: en } },
  lng: localStorage.getItem('bokvar.locale') ?? 'sv',
  fallbackLng: 'sv',
  interpolation: { escapeValue: false },
});

export function setLanguage(locale: 'sv' | 'en'): void {
  localStorage.setItem('bokvar.locale', locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

document.documentElement.lang = i18n.language;
export default i18n;
