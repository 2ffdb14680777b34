// Languages of the app: Arabic (right to left), Kurmanji (Latin script) and English, one file each in ../locales.
import { signal } from './signal';
import en from '../locales/en.json';
import ar from '../locales/ar.json';
import ku from '../locales/ku.json';

export type Language = 'en' | 'ar' | 'ku';
type Strings = typeof en;
export type Key = keyof Strings;

const strings: Record<Language, Partial<Strings>> = { en, ar, ku };
export const languages: Language[] = ['ar', 'ku', 'en'];
const stored = localStorage.getItem('idp.lang') as Language | null;
export const language = signal<Language>(stored && stored in strings ? stored : 'en');

/** Intl locales: Syrian Arabic with Arabic-Indic digits; Kurmanji; English with ISO-like dates. */
const locales: Record<Language, string[]> = { ar: ['ar-SY'], ku: ['ku-Latn', 'ku', 'tr'], en: ['en-GB'] };

export function setLanguage(next: Language) {
  localStorage.setItem('idp.lang', next);
  language.set(next);
  applyToDocument();
}

export function applyToDocument() {
  const root = document.documentElement;
  root.lang = language.get();
  root.dir = language.get() === 'ar' ? 'rtl' : 'ltr';
  document.title = t('app.title');
}

/** The text for a key in the current language (English when a translation is missing), with {name} filled in. */
export function t(key: Key, values: Record<string, string | number> = {}): string {
  const text = (strings[language.get()][key] ?? en[key] ?? key) as string;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? formatValue(values[name]) : `{${name}}`));
}

function formatValue(value: string | number) {
  return typeof value === 'number' ? number(value) : value;
}

export const number = (value: number) => new Intl.NumberFormat(locales[language.get()]).format(value);
export const date = (value: string | Date) =>
  new Intl.DateTimeFormat(locales[language.get()], { dateStyle: 'medium' }).format(typeof value === 'string' ? new Date(value) : value);
export const dateTime = (value: string | Date) =>
  new Intl.DateTimeFormat(locales[language.get()], { dateStyle: 'medium', timeStyle: 'short' }).format(typeof value === 'string' ? new Date(value) : value);
export const languageName = (code: Language) => ({ ar: 'العربية', ku: 'Kurmancî', en: 'English' })[code];
