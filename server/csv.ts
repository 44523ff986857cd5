// CSV lines (RFC 4180: comma, CRLF, quotes doubled) for downloads. Hand-written rather than
// csv-stringify because the values are already flat scalars: `d4i bench api` measures all LAUs both
// ways (1.6x faster here: 1.5 s against 2.5 s for 81,875 rows x 45 columns) and checks both give the same bytes.

type Scalar = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: Scalar): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: Scalar[]): string {
  let line = '';
  for (let k = 0; k < values.length; k++) line += (k ? ',' : '') + csvField(values[k]);
  return `${line}\r\n`;
}
