// Place search: accent- and case-insensitive prefixes of names and of words, exact names first, most
// populous first.
import { describe, expect, it } from 'vitest';
import { foldText, type SearchEntry, SearchIndex } from '../../../core/lau/search-index.ts';

const entry = (name: string, population: number, country = 'FR', kind: SearchEntry['kind'] = 'place'): SearchEntry => ({
  kind,
  name,
  country,
  population,
  lon: 0,
  lat: 0,
});

describe('search index', () => {
  const index = new SearchIndex([
    entry('La Rochelle', 75_000),
    entry('Rochefort', 24_000),
    entry('Roche', 300),
    entry('Sankt Gallenkirch', 2_200, 'AT'),
    entry('Ávila', 58_000, 'ES'),
    entry('Straße', 1_000, 'DE'),
    entry("L'Haÿ-les-Roses", 31_000),
    entry('Rotterdam', 651_000, 'NL', 'lau'),
    entry('Rotterdam', 580_000, 'NL'),
    { ...entry('Munich', 1_260_000, 'DE'), aliases: ['München'] },
    entry('Garching bei München', 15_000, 'DE'),
  ]);
  const names = (q: string, limit = 10, country?: string) => index.search(q, limit, country).map((e) => e.name);

  it('folds accents, case, ß and punctuation', () => {
    expect(foldText("L'Haÿ-les-Roses")).toBe('l hay les roses');
    expect(foldText('Straße')).toBe('strasse');
  });

  it('matches the start of the name or of any word, most populous first, exact names first', () => {
    expect(names('roch')).toEqual(['La Rochelle', 'Rochefort', 'Roche']);
    expect(names('roche')).toEqual(['Roche', 'La Rochelle', 'Rochefort']);
    expect(names('avila')).toEqual(['Ávila']);
    expect(names('STRASSE')).toEqual(['Straße']);
    expect(names('roses')).toEqual(["L'Haÿ-les-Roses"]);
    expect(names('gallen')).toEqual(['Sankt Gallenkirch']);
    expect(index.search('rotterdam').map((e) => e.kind)).toEqual(['lau', 'place']);
    // a local name finds the city GeoNames names in English, before a town with it as a later word
    expect(names('munchen')).toEqual(['Munich', 'Garching bei München']);
  });

  it('honours limit and country, and finds nothing for no match or an empty query', () => {
    expect(names('ro', 2)).toEqual(['Rotterdam', 'Rotterdam']);
    expect(names('ro', 10, 'FR')).toEqual(['La Rochelle', "L'Haÿ-les-Roses", 'Rochefort', 'Roche']);
    expect(names('xyz')).toEqual([]);
    expect(names('  ')).toEqual([]);
  });
});
