// The widget's own words in the seven D4I languages (indicator names and units come from
// /api/indicators). Numbers are formatted with Intl for the chosen language.
import { type Lang, LANGUAGES } from '../../core/indicators/languages.ts';

export type { Lang };

export interface Strings {
  loading: string;
  unreachable: string;
  unknownPlace: string;
  noData: string;
  cellsOf: string;
  lau: string;
  residents: string;
  bornAbroad: string;
  bornEu: string;
  bornNonEu: string;
  foreignCitizens: string;
  confidential: string;
  summary: string;
  summaryUnknown: string;
  summaryIndicator: string;
  table: string;
  map: string;
  csv: string;
  png: string;
  description: string;
  name: string;
  smallTown: string;
}

export const STRINGS: Record<Lang, Strings> = {
  en: {
    loading: 'Loading map…',
    unreachable: 'The map server cannot be reached',
    unknownPlace: 'Place not found',
    noData: 'No data (confidential)',
    cellsOf: '{res} cells',
    lau: 'Municipality (LAU)',
    residents: 'Residents',
    bornAbroad: 'Born abroad',
    bornEu: 'Born in another EU country',
    bornNonEu: 'Born outside the EU',
    foreignCitizens: 'Foreign citizens',
    confidential: 'Confidential values',
    summary: 'In view: {residents} residents, {share} born abroad.',
    summaryUnknown: 'In view: {residents} residents.',
    summaryIndicator: 'In view: {residents} residents. {indicator}: {value}.',
    table: 'Table',
    map: 'Map',
    csv: 'Download CSV',
    png: 'Download PNG',
    description: 'Map of residents by country of birth on a grid of squares; use the arrow keys to pan and + or - to zoom.',
    name: 'Name',
    smallTown: 'Small town with over 20% born abroad',
  },
  fr: {
    loading: 'Chargement de la carte…',
    unreachable: 'Le serveur de la carte est injoignable',
    unknownPlace: 'Lieu introuvable',
    noData: 'Pas de données (confidentiel)',
    cellsOf: 'carreaux de {res}',
    lau: 'Commune (LAU)',
    residents: 'Résidents',
    bornAbroad: "Nés à l'étranger",
    bornEu: 'Nés dans un autre pays de l’UE',
    bornNonEu: 'Nés hors de l’UE',
    foreignCitizens: 'Étrangers',
    confidential: 'Valeurs confidentielles',
    summary: 'Dans la vue : {residents} résidents, {share} nés à l’étranger.',
    summaryUnknown: 'Dans la vue : {residents} résidents.',
    summaryIndicator: 'Dans la vue : {residents} résidents. {indicator} : {value}.',
    table: 'Tableau',
    map: 'Carte',
    csv: 'Télécharger le CSV',
    png: 'Télécharger en PNG',
    description: 'Carte des résidents selon le pays de naissance sur une grille de carreaux ; flèches pour se déplacer, + ou - pour zoomer.',
    name: 'Nom',
    smallTown: 'Petite commune avec plus de 20 % de personnes nées à l’étranger',
  },
  de: {
    loading: 'Karte wird geladen…',
    unreachable: 'Der Kartenserver ist nicht erreichbar',
    unknownPlace: 'Ort nicht gefunden',
    noData: 'Keine Daten (vertraulich)',
    cellsOf: '{res}-Zellen',
    lau: 'Gemeinde (LAU)',
    residents: 'Einwohner',
    bornAbroad: 'Im Ausland geboren',
    bornEu: 'In einem anderen EU-Land geboren',
    bornNonEu: 'Außerhalb der EU geboren',
    foreignCitizens: 'Ausländer',
    confidential: 'Vertrauliche Werte',
    summary: 'Im Ausschnitt: {residents} Einwohner, {share} im Ausland geboren.',
    summaryUnknown: 'Im Ausschnitt: {residents} Einwohner.',
    summaryIndicator: 'Im Ausschnitt: {residents} Einwohner. {indicator}: {value}.',
    table: 'Tabelle',
    map: 'Karte',
    csv: 'CSV herunterladen',
    png: 'PNG herunterladen',
    description: 'Karte der Einwohner nach Geburtsland in einem Raster; Pfeiltasten zum Verschieben, + oder - zum Zoomen.',
    name: 'Name',
    smallTown: 'Kleine Gemeinde mit über 20 % im Ausland Geborenen',
  },
  it: {
    loading: 'Caricamento della mappa…',
    unreachable: 'Il server della mappa non è raggiungibile',
    unknownPlace: 'Luogo non trovato',
    noData: 'Nessun dato (riservato)',
    cellsOf: 'celle di {res}',
    lau: 'Comune (LAU)',
    residents: 'Residenti',
    bornAbroad: "Nati all'estero",
    bornEu: 'Nati in un altro paese UE',
    bornNonEu: "Nati fuori dall'UE",
    foreignCitizens: 'Cittadini stranieri',
    confidential: 'Valori riservati',
    summary: "Nella vista: {residents} residenti, {share} nati all'estero.",
    summaryUnknown: 'Nella vista: {residents} residenti.',
    summaryIndicator: 'Nella vista: {residents} residenti. {indicator}: {value}.',
    table: 'Tabella',
    map: 'Mappa',
    csv: 'Scarica CSV',
    png: 'Scarica PNG',
    description: 'Mappa dei residenti per paese di nascita su una griglia; frecce per spostarsi, + o - per lo zoom.',
    name: 'Nome',
    smallTown: "Piccolo comune con oltre il 20% di nati all'estero",
  },
  nl: {
    loading: 'Kaart laden…',
    unreachable: 'De kaartserver is niet bereikbaar',
    unknownPlace: 'Plaats niet gevonden',
    noData: 'Geen gegevens (vertrouwelijk)',
    cellsOf: 'cellen van {res}',
    lau: 'Gemeente (LAU)',
    residents: 'Inwoners',
    bornAbroad: 'Geboren in het buitenland',
    bornEu: 'Geboren in een ander EU-land',
    bornNonEu: 'Geboren buiten de EU',
    foreignCitizens: 'Buitenlandse staatsburgers',
    confidential: 'Vertrouwelijke waarden',
    summary: 'In beeld: {residents} inwoners, {share} geboren in het buitenland.',
    summaryUnknown: 'In beeld: {residents} inwoners.',
    summaryIndicator: 'In beeld: {residents} inwoners. {indicator}: {value}.',
    table: 'Tabel',
    map: 'Kaart',
    csv: 'CSV downloaden',
    png: 'PNG downloaden',
    description: 'Kaart van inwoners naar geboorteland in een raster; pijltjestoetsen om te schuiven, + of - om te zoomen.',
    name: 'Naam',
    smallTown: 'Kleine gemeente met meer dan 20% in het buitenland geboren',
  },
  pt: {
    loading: 'A carregar o mapa…',
    unreachable: 'O servidor do mapa não está acessível',
    unknownPlace: 'Local não encontrado',
    noData: 'Sem dados (confidencial)',
    cellsOf: 'células de {res}',
    lau: 'Freguesia (LAU)',
    residents: 'Residentes',
    bornAbroad: 'Nascidos no estrangeiro',
    bornEu: 'Nascidos noutro país da UE',
    bornNonEu: 'Nascidos fora da UE',
    foreignCitizens: 'Cidadãos estrangeiros',
    confidential: 'Valores confidenciais',
    summary: 'Na vista: {residents} residentes, {share} nascidos no estrangeiro.',
    summaryUnknown: 'Na vista: {residents} residentes.',
    summaryIndicator: 'Na vista: {residents} residentes. {indicator}: {value}.',
    table: 'Tabela',
    map: 'Mapa',
    csv: 'Descarregar CSV',
    png: 'Descarregar PNG',
    description: 'Mapa dos residentes por país de nascimento numa grelha; setas para deslocar, + ou - para ampliar.',
    name: 'Nome',
    smallTown: 'Pequena localidade com mais de 20% nascidos no estrangeiro',
  },
  es: {
    loading: 'Cargando el mapa…',
    unreachable: 'No se puede acceder al servidor del mapa',
    unknownPlace: 'Lugar no encontrado',
    noData: 'Sin datos (confidencial)',
    cellsOf: 'celdas de {res}',
    lau: 'Municipio (LAU)',
    residents: 'Residentes',
    bornAbroad: 'Nacidos en el extranjero',
    bornEu: 'Nacidos en otro país de la UE',
    bornNonEu: 'Nacidos fuera de la UE',
    foreignCitizens: 'Extranjeros',
    confidential: 'Valores confidenciales',
    summary: 'En la vista: {residents} residentes, {share} nacidos en el extranjero.',
    summaryUnknown: 'En la vista: {residents} residentes.',
    summaryIndicator: 'En la vista: {residents} residentes. {indicator}: {value}.',
    table: 'Tabla',
    map: 'Mapa',
    csv: 'Descargar CSV',
    png: 'Descargar PNG',
    description: 'Mapa de residentes por país de nacimiento en una cuadrícula; flechas para desplazarse, + o - para acercar.',
    name: 'Nombre',
    smallTown: 'Municipio pequeño con más del 20 % nacidos en el extranjero',
  },
};

/** Fill {name} placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/** The page's language if the widget speaks it, else English. */
export function pageLang(): Lang {
  const tag = (document.documentElement.lang || navigator.language || 'en').slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(tag) ? (tag as Lang) : 'en';
}
