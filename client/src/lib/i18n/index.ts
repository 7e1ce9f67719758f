import { da } from './da';
import { en } from './en';

export const langs = ['da', 'en'] as const;
export type Lang = (typeof langs)[number];
export type MessageKey = keyof typeof da;
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** Keys that come in a `.one` / `.other` pair, named without the suffix. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? Base : never;
}[MessageKey];

const dictionaries: Record<Lang, Record<MessageKey, string>> = { da, en };

/** Intl locales; en-GB writes dates the European way. */
const locales: Record<Lang, string> = { da: 'da-DK', en: 'en-GB' };

/** Server and browser must format times alike, or hydration would disagree. */
const TIME_ZONE = 'Europe/Copenhagen';

export function isLang(value: unknown): value is Lang {
  return value === 'da' || value === 'en';
}

export function translator(lang: Lang): Translate {
  const dictionary = dictionaries[lang];
  return (key, params) => {
    const text = dictionary[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    );
  };
}

/** Picks `<key>.one` or `<key>.other`; `{count}` is filled in with the formatted number. */
export function plural(
  t: Translate,
  key: PluralKey,
  count: number,
  params: MessageParams = {},
): string {
  const suffix = count === 1 ? 'one' : 'other';
  return t(`${key}.${suffix}` as MessageKey, { count, ...params });
}

export interface Formatter {
  number(value: number): string;
  /** Whole kroner: "29.734 kr." in Danish, "DKK 29,734" in English. */
  dkk(value: number, fractionDigits?: number): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  list(items: string[]): string;
}

export function formatter(lang: Lang): Formatter {
  const locale = locales[lang];
  const number = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: TIME_ZONE });
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  });
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  return {
    number: (value) => number.format(value),
    dkk: (value, fractionDigits = 0) =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: 'DKK',
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(value),
    date: (iso) => date.format(new Date(iso)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    list: (items) => list.format(items),
  };
}

/** Labels are stored in lower case for use mid-sentence; headings and radios start upper case. */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
