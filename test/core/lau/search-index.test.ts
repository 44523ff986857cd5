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
    // a letter beyond Latin-1 (ł is not decomposed by the folding): the keys' text is two-byte
    entry('Łódź', 670_000, 'PL'),
    { ...entry('Zuidplas', 50_000, 'NL', 'lau'), id: 'NL_GM1892', bbox: [4.5, 51.9, 4.7, 52.1] },
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

  it('finds keys beyond Latin-1', () => {
    expect(names('łodz')).toEqual(['Łódź']);
    expect(names('Łó')).toEqual(['Łódź']);
    expect(names('lodz')).toEqual([]); // ł is its own letter
  });

  it('gives back every entry as it was given, and the same answers after crossing to another thread', () => {
    const zuid = index.search('zuid')[0];
    expect(zuid).toEqual({ kind: 'lau', name: 'Zuidplas', country: 'NL', population: 50_000, lon: 0, lat: 0, id: 'NL_GM1892', bbox: [4.5, 51.9, 4.7, 52.1] });
    expect(index.search('munich')[0]).toEqual({ ...entry('Munich', 1_260_000, 'DE'), aliases: ['München'] });
    expect(index.size).toBe(13);
    // what the search thread posts is structured-cloned
    const restored = SearchIndex.restore(structuredClone(index.parts()));
    for (const q of ['roch', 'ro', 'munchen', 'łodz', 'rotterdam', 'zuid', 'xyz']) expect(restored.search(q, 5)).toEqual(index.search(q, 5));
  });

  it('honours limit and country, and finds nothing for no match or an empty query', () => {
    expect(names('ro', 2)).toEqual(['Rotterdam', 'Rotterdam']);
    expect(names('ro', 10, 'FR')).toEqual(['La Rochelle', "L'Haÿ-les-Roses", 'Rochefort', 'Roche']);
    expect(names('xyz')).toEqual([]);
    expect(names('  ')).toEqual([]);
  });
});
