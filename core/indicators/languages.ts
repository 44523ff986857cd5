// The seven languages D4I publishes in: indicator labels, the widget's words, the API's ?lang=.
export const LANGUAGES = ['en', 'fr', 'de', 'it', 'nl', 'pt', 'es'] as const;
export type Lang = (typeof LANGUAGES)[number];
export type Labels = Record<Lang, string>;
