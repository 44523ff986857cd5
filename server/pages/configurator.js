// The configurator at /: a form whose values become <d4i-map> attributes; the live map and the snippets
// (script tag, responsive iframe, static image) follow every change. The server URL is this page's own.
const server = new URL('.', location.href).href.replace(/\/$/, '');
const form = document.getElementById('options');
const preview = document.getElementById('preview');
const ATTRIBUTES = [
  'place',
  'bounds',
  'title',
  'description',
  'source',
  'indicator',
  'palette',
  'classes',
  'classification',
  'lang',
  'aspect-ratio',
  'show-lau',
  'highlight',
];
/** Defaults are left out, so snippets stay short and the widget's own defaults (page language) apply. */
const DEFAULTS = { palette: 'viridis', classes: '5', classification: 'nice', 'aspect-ratio': '3:2', indicator: 'share_born_abroad' };

const indicators = (await (await fetch(`${server}/api/indicators`)).json()).indicators.filter(
  (i) => i.scopes.includes('cell') && ['share', 'count', 'density'].includes(i.kind),
);
form.indicator.innerHTML = indicators.map((i) => `<option value="${i.id}">${i.labels.en}</option>`).join('');
form.indicator.value = 'share_born_abroad';
const palettes = ['viridis', 'cividis', 'magma', 'inferno', 'plasma', 'blues', 'greens', 'oranges', 'purples', 'reds', 'ylorrd', 'ylgnbu', 'pubugn'];
form.palette.innerHTML = palettes.map((p) => `<option>${p}</option>`).join('');
const grid = await (await fetch(`${server}/tiles/grid.json`)).json();

/** The view a "Use this view" or "Whole data set" fixed (bounds), else the place field. */
let bounds = '';

/** The attributes the form describes. */
function attributes() {
  const out = { server };
  for (const name of ATTRIBUTES) {
    const field = form.elements[name];
    if (name === 'bounds') {
      if (bounds) out.bounds = bounds;
    } else if (field.type === 'checkbox') {
      if (field.checked) out[name] = field.value === 'on' ? '' : field.value;
    } else if (field.value.trim() !== '' && field.value !== DEFAULTS[name]) out[name] = field.value.trim();
  }
  if (bounds) delete out.place;
  if (form.breaks.value.trim() && form.breaks.checkValidity()) out.classification = form.breaks.value.trim();
  return out;
}

const escapeAttribute = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const tag = (attrs, style) =>
  `<d4i-map ${Object.entries(attrs)
    .map(([k, v]) => (v === '' ? k : `${k}="${escapeAttribute(v)}"`))
    .join(' ')}${style ? ` style="${style}"` : ''}></d4i-map>`;
const ratio = () => (form.elements['aspect-ratio'].value || '3:2').replace(':', ' / ');

/** The static image of the view the preview shows (for <noscript>, e-mail and print). */
function imageUrl(attrs) {
  const view =
    map?.shadowRoot && map.map
      ? map.map
          .getBounds()
          .toArray()
          .flat()
          .map((v) => v.toFixed(4))
          .join(',')
      : grid.bounds.join(',');
  const query = new URLSearchParams({ bbox: bounds || view, indicator: attrs.indicator ?? 'share_born_abroad', width: '900', height: '600', scale: '2' });
  for (const name of ['lang', 'classes', 'classification', 'palette', 'title', 'source']) if (attrs[name]) query.set(name, attrs[name]);
  return `${server}/render.png?${query}`;
}

let map;
function update() {
  const attrs = attributes();
  const size = 'display:block;width:100%';
  if (!map) {
    preview.innerHTML = tag(attrs, size);
    map = preview.querySelector('d4i-map');
    map.addEventListener('d4i-viewchange', () => {
      if (viewNote) viewNote.textContent = 'Moved: "Use this view" keeps it.';
    });
  } else {
    for (const name of ATTRIBUTES) {
      if (name in attrs) map.setAttribute(name, attrs[name]);
      else map.removeAttribute(name);
    }
    if (attrs.classification) map.setAttribute('classification', attrs.classification);
    else map.removeAttribute('classification');
  }
  const alt = attrs.description || attrs.title || 'Map of residents born abroad';
  const image = imageUrl(attrs);
  document.getElementById('snippet').value =
    `<script type="module" src="${server}/widget/d4i-map.js"></script>\n${tag(attrs, 'width:100%')}\n` +
    `<noscript><img src="${escapeAttribute(image)}" alt="${escapeAttribute(alt)}" style="width:100%;height:auto"></noscript>`;
  const query = new URLSearchParams(Object.entries(attrs).filter(([k]) => k !== 'server'));
  const lang = attrs.lang || 'en';
  const titles = {
    en: 'Migration map',
    fr: 'Carte des migrations',
    de: 'Migrationskarte',
    it: 'Mappa delle migrazioni',
    nl: 'Migratiekaart',
    pt: 'Mapa das migrações',
    es: 'Mapa de migraciones',
  };
  document.getElementById('iframe').value =
    `<div style="position:relative;width:100%;aspect-ratio:${ratio()}">\n` +
    `  <iframe src="${server}/embed?${escapeAttribute(query.toString())}" title="${escapeAttribute(attrs.title || titles[lang])}" ` +
    `style="position:absolute;inset:0;width:100%;height:100%;border:0" loading="lazy"></iframe>\n</div>`;
  document.getElementById('image').value = `<img src="${escapeAttribute(image)}" alt="${escapeAttribute(alt)}" style="width:100%;height:auto">`;
}

const viewNote = document.getElementById('view-note');
document.getElementById('use-view').addEventListener('click', () => {
  if (!map?.map) return;
  bounds = map.map
    .getBounds()
    .toArray()
    .flat()
    .map((v) => v.toFixed(4))
    .join(',');
  viewNote.textContent = `The map opens at this view (${bounds}); type a place to go back to places.`;
  update();
});
document.getElementById('whole-set').addEventListener('click', () => {
  bounds = grid.bounds.map((v) => v.toFixed(4)).join(',');
  viewNote.textContent = 'The map opens on the whole data set.';
  update();
});
let searchTimer;
form.place.addEventListener('input', () => {
  bounds = '';
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = form.place.value.trim();
    if (!q) return;
    const { results } = await (await fetch(`${server}/api/search?q=${encodeURIComponent(q)}&limit=8`)).json();
    document.getElementById('places').innerHTML = results.map((r) => `<option value="${escapeAttribute(r.name)}">${r.country} · ${r.kind}</option>`).join('');
  }, 150);
});
form.addEventListener('change', update);
form.addEventListener('submit', (e) => e.preventDefault());
for (const button of document.querySelectorAll('[data-copy]')) {
  button.addEventListener('click', () => navigator.clipboard?.writeText(document.getElementById(button.dataset.copy).value));
}
update();
window.configurator = { update, attributes };
