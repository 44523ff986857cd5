// What a generation produced, per country and per place: printed by `d4i generate` and written into the
// generated README.
import type { CountrySummary, PlaceSummary } from './country.ts';

export type { CountrySummary, PlaceSummary };

export interface GenerateSummary {
  preset: string;
  title: string;
  seed: number;
  out: string;
  /** the folder of figures before disclosure control (--truth) */
  truth?: string;
  files: string[];
  countries: CountrySummary[];
  places: PlaceSummary[];
  seconds: number;
}
