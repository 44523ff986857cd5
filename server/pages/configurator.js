// The configurator at /: a form whose values become <d4i-map> attributes; the live map and the snippets
// (script tag, iframe) follow every change. The server URL is this page's own.
const server = new URL('.', location.href).href.replace(/\/$/, '');
const form = document.getElementById('options');
const preview = document.getElementById('preview');
const ATTRIBUTES = ['place', 'indicator', 'palette', 'classes', 'classification', 'lang', 'show-lau', 'highlight'];

const indicators = (await (await fetch(`${server}/api/indicators`)).json()).indicators.filter(
  (i) => i.scopes.includes('cell') && ['share', 'count', 'density'].includes(i.kind),
);
form.indicator.innerHTML = indicators.map((i) => `<option value="${i.id}">${i.labels.en}</option>`).join('');
form.indicator.value = 'share_born_abroad';
const palettes = ['viridis', 'cividis', 'magma', 'inferno', 'plasma', 'blues', 'greens', 'oranges', 'purples', 'reds', 'ylorrd', 'ylgnbu', 'pubugn'];
form.palette.innerHTML = palettes.map((p) => `<option>${p}</option>`).join('');

/** The attributes the form describes (defaults left out, so snippets stay short). */
function attributes() {
  const out = { server };
  for (const name of ATTRIBUTES) {
    const field = form.elements[name];
    if (field.type === 'checkbox') {
      if (field.checked) out[name] = field.value === 'on' ? '' : field.value;
    } else if (field.value !== '') out[name] = field.value;
  }
  if (out.palette === 'viridis') delete out.palette;
  if (out.classes === '5') delete out.classes;
  if (out.classification === 'quantile') delete out.classification;
  return out;
}

const escapeAttribute = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const tag = (attrs, style) =>
  `<d4i-map ${Object.entries(attrs)
    .map(([k, v]) => (v === '' ? k : `${k}="${escapeAttribute(v)}"`))
    .join(' ')}${style ? ` style="${style}"` : ''}></d4i-map>`;

let map;
function update() {
  const attrs = attributes();
  const width = Number(form.width.value) || 720;
  const height = Number(form.height.value) || 480;
  const size = `display:block;width:${width}px;height:${height}px`;
  if (!map) {
    preview.innerHTML = tag(attrs, size);
    map = preview.querySelector('d4i-map');
  } else {
    for (const name of ATTRIBUTES) {
      if (name in attrs) map.setAttribute(name, attrs[name]);
      else map.removeAttribute(name);
    }
    map.style.cssText = size;
  }
  document.getElementById('snippet').value = `<script type="module" src="${server}/widget/d4i-map.js"></script>\n${tag(attrs, size)}`;
  const query = new URLSearchParams(Object.entries(attrs).filter(([k]) => k !== 'server'));
  document.getElementById('iframe').value =
    `<iframe src="${server}/embed?${escapeAttribute(query.toString())}" width="${width}" ` +
    `height="${height}" style="border:0" title="Migration map" loading="lazy"></iframe>`;
}

let searchTimer;
form.place.addEventListener('input', () => {
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
