// Country names in the seven D4I languages (i18n-iso-countries), for finding "Ireland", "Irlande" or
// "Irland" in the place search. Eurostat writes UK and EL where ISO writes GB and GR.
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { LANGUAGES } from '../core/indicators/languages.ts';

const require = createRequire(import.meta.url);
for (const lang of LANGUAGES) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

const ISO: Record<string, string> = { UK: 'GB', EL: 'GR' };

/** The English name first, then every other name of the country in the seven languages (no repeats). */
export function countryNames(eurostatCode: string): string[] {
  const iso = ISO[eurostatCode] ?? eurostatCode;
  const names = LANGUAGES.flatMap((lang) => {
    const all = countries.getName(iso, lang, { select: 'all' });
    return Array.isArray(all) ? all : [];
  });
  return [...new Set(names)];
}
