// Every language's indicator words, by language code.
import type { Lang } from '../languages.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';
import { nl } from './nl.ts';
import { pt } from './pt.ts';
import type { IndicatorWords } from './words.ts';

export type { IndicatorWords };
export const WORDS: Record<Lang, IndicatorWords> = { en, fr, de, it, nl, pt, es };
