// Words every legend of our layers shares: the widget's, the report PNG's and the QGIS styles' (one source).
import type { Lang } from '../indicators/languages.ts';

export interface LegendWords {
  noData: string;
  smallTown: string;
}

export const LEGEND_WORDS: Record<Lang, LegendWords> = {
  en: { noData: 'No data (confidential)', smallTown: 'Small town with over 20% born abroad' },
  fr: { noData: 'Pas de données (confidentiel)', smallTown: 'Petite commune avec plus de 20 % de personnes nées à l’étranger' },
  de: { noData: 'Keine Daten (vertraulich)', smallTown: 'Kleine Gemeinde mit über 20 % im Ausland Geborenen' },
  it: { noData: 'Nessun dato (riservato)', smallTown: "Piccolo comune con oltre il 20% di nati all'estero" },
  nl: { noData: 'Geen gegevens (vertrouwelijk)', smallTown: 'Kleine gemeente met meer dan 20% in het buitenland geboren' },
  pt: { noData: 'Sem dados (confidencial)', smallTown: 'Pequena localidade com mais de 20% nascidos no estrangeiro' },
  es: { noData: 'Sin datos (confidencial)', smallTown: 'Municipio pequeño con más del 20 % nacidos en el extranjero' },
};
