// EPSG:3035 (ETRS89 / LAEA Europe) <-> WGS84 <-> Web Mercator.
// proj4 is the reference; laeaToLonLat / lonLatToLaea are Snyder's closed form for the same
// ellipsoidal oblique LAEA (tested against proj4 to < 1 cm) for hot loops that project every
// cell corner of a tile, where proj4's per-call overhead would dominate.
import proj4 from 'proj4';

export const EPSG3035 = '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
proj4.defs('EPSG:3035', EPSG3035);

const toWgs84 = proj4('EPSG:3035', 'WGS84');
const toWebMercator = proj4('WGS84', 'EPSG:3857');

/** proj4 reference: EPSG:3035 metres to [lon, lat] degrees. */
export function proj4LaeaToLonLat(e: number, n: number): [number, number] {
  return toWgs84.forward([e, n]) as [number, number];
}

/** proj4 reference: [lon, lat] degrees to EPSG:3035 metres. */
export function proj4LonLatToLaea(lon: number, lat: number): [number, number] {
  return toWgs84.inverse([lon, lat]) as [number, number];
}

/** proj4: [lon, lat] to EPSG:3857 metres. */
export function lonLatToWebMercator(lon: number, lat: number): [number, number] {
  return toWebMercator.forward([lon, lat]) as [number, number];
}

// --- closed form (Snyder 1987, "Map Projections: A Working Manual", pp. 187-190) ---
const A = 6378137; // GRS80 semi-major axis
const F = 1 / 298.257222101;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const LAT0 = (52 * Math.PI) / 180;
const LON0 = (10 * Math.PI) / 180;
const X0 = 4321000;
const Y0 = 3210000;
const DEG = 180 / Math.PI;

function authalicQ(sinPhi: number): number {
  const es = E * sinPhi;
  return (1 - E2) * (sinPhi / (1 - es * es) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}

const QP = authalicQ(1);
const RQ = A * Math.sqrt(QP / 2);
const BETA1 = Math.asin(authalicQ(Math.sin(LAT0)) / QP);
const SIN_B1 = Math.sin(BETA1);
const COS_B1 = Math.cos(BETA1);
const M1 = Math.cos(LAT0) / Math.sqrt(1 - E2 * Math.sin(LAT0) ** 2);
const D = (A * M1) / (RQ * COS_B1);
// authalic latitude back to geodetic latitude (series to e^6: error ~1e-11 rad, well under 1 mm)
const E4 = E2 * E2;
const E6 = E4 * E2;
const C2 = E2 / 3 + (31 * E4) / 180 + (517 * E6) / 5040;
const C4 = (23 * E4) / 360 + (251 * E6) / 3780;
const C6 = (761 * E6) / 45360;

/** EPSG:3035 metres to lon/lat degrees, written into `out` (no allocation). */
export function laeaToLonLat(e: number, n: number, out: Float64Array | number[] = [0, 0]): Float64Array | number[] {
  const x = e - X0;
  const y = n - Y0;
  const rho = Math.hypot(x / D, D * y);
  if (rho < 1e-9) {
    out[0] = LON0 * DEG;
    out[1] = LAT0 * DEG;
    return out;
  }
  const c = 2 * Math.asin(rho / (2 * RQ));
  const sinC = Math.sin(c);
  const cosC = Math.cos(c);
  const beta = Math.asin(cosC * SIN_B1 + (D * y * sinC * COS_B1) / rho);
  const lon = LON0 + Math.atan2(x * sinC, D * rho * COS_B1 * cosC - D * D * y * SIN_B1 * sinC);
  const lat = beta + C2 * Math.sin(2 * beta) + C4 * Math.sin(4 * beta) + C6 * Math.sin(6 * beta);
  out[0] = lon * DEG;
  out[1] = lat * DEG;
  return out;
}

/** lon/lat degrees to EPSG:3035 metres, written into `out`. */
export function lonLatToLaea(lon: number, lat: number, out: Float64Array | number[] = [0, 0]): Float64Array | number[] {
  const phi = lat / DEG;
  const dLon = lon / DEG - LON0;
  const beta = Math.asin(authalicQ(Math.sin(phi)) / QP);
  const sinB = Math.sin(beta);
  const cosB = Math.cos(beta);
  const cosL = Math.cos(dLon);
  const b = RQ * Math.sqrt(2 / (1 + SIN_B1 * sinB + COS_B1 * cosB * cosL));
  out[0] = X0 + b * D * cosB * Math.sin(dLon);
  out[1] = Y0 + (b / D) * (COS_B1 * sinB - SIN_B1 * cosB * cosL);
  return out;
}

/**
 * The cell square as a closed lon/lat ring (counter-clockwise in EPSG:3035, first point repeated).
 * `segments` > 1 adds points along each side where the projection's curvature matters.
 */
export function cellRingLonLat(res: number, e: number, n: number, segments = 1): [number, number][] {
  const ring: [number, number][] = [];
  const corners: [number, number][] = [
    [e, n],
    [e + res, n],
    [e + res, n + res],
    [e, n + res],
  ];
  for (let side = 0; side < 4; side++) {
    const [ax, ay] = corners[side];
    const [bx, by] = corners[(side + 1) % 4];
    for (let s = 0; s < segments; s++) {
      const t = s / segments;
      const p = laeaToLonLat(ax + (bx - ax) * t, ay + (by - ay) * t);
      ring.push([p[0], p[1]]);
    }
  }
  ring.push([ring[0][0], ring[0][1]]);
  return ring;
}

/** Centre of a cell in lon/lat. */
export function cellCentreLonLat(res: number, e: number, n: number): [number, number] {
  const p = laeaToLonLat(e + res / 2, n + res / 2);
  return [p[0], p[1]];
}
