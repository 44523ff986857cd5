// The preview map at / : this server's default style and tiles, maplibre-gl served by this server.
import * as maplibregl from './vendor/maplibre-gl/maplibre-gl.mjs';

const tilejson = await (await fetch('tiles/grid.json')).json();
const map = new maplibregl.Map({
  container: 'map',
  style: 'styles/default.json',
  center: tilejson.center.slice(0, 2),
  zoom: tilejson.center[2],
  hash: true,
  canvasContextAttributes: { preserveDrawingBuffer: true },
});
map.addControl(new maplibregl.NavigationControl());
const resolution = document.getElementById('res');
const showResolution = () => {
  const level = tilejson.levels[Math.min(tilejson.maxzoom, Math.floor(map.getZoom()))];
  resolution.textContent = level.label;
};
map.on('zoomend', showResolution);
showResolution();
map.once('idle', () => (window.__idleAt = performance.now()));
window.map = map;
