// /embed?place=...&indicator=...: a full-page map for an iframe, configured by the query string (the
// widget's attribute names), keeping the current view in the URL (center, zoom) so it can be shared.
const ATTRIBUTES = [
  'indicator',
  'basis',
  'group',
  'place',
  'center',
  'zoom',
  'bounds',
  'palette',
  'classes',
  'classification',
  'opacity',
  'legend',
  'show-lau',
  'highlight',
  'basemap',
  'lang',
  'tooltip',
  'interactive',
  'label',
  'title',
  'description',
  'source',
  'aspect-ratio',
];
const params = new URLSearchParams(location.search);
const map = document.createElement('d4i-map');
map.setAttribute('server', new URL('.', location.href).href.replace(/\/$/, ''));
// a shared view wins over the place it started from
if (params.has('center')) params.delete('place');
for (const name of ATTRIBUTES) if (params.has(name)) map.setAttribute(name, params.get(name));
if (params.get('lang')) document.documentElement.lang = params.get('lang');
map.addEventListener('d4i-viewchange', (e) => {
  const { center, zoom } = e.detail;
  const next = new URLSearchParams(location.search);
  next.delete('place');
  next.delete('bounds');
  next.set('center', center.map((v) => v.toFixed(5)).join(','));
  next.set('zoom', zoom.toFixed(2));
  history.replaceState(null, '', `${location.pathname}?${next}`);
});
// the page's heading and title say what the map shows, in its language
map.addEventListener('d4i-ready', () => {
  const name = map.shadowRoot?.querySelector('section')?.getAttribute('aria-label');
  if (name) document.getElementById('title').textContent = name;
  if (name) document.title = name;
});
document.querySelector('main').append(map);
