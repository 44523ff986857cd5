// The report-grade PNG ("Download PNG"): the map as drawn, at a chosen pixel ratio, with a title above and
// the legend, the source line and the credits below, composed on a 2D canvas (nothing leaves the page).
export interface ReportLegendRow {
  colour: string;
  label: string;
  /** draw the swatch hatched (unknown values) or as an outline (the small-town highlight) */
  style?: 'hatch' | 'outline';
}

export interface ReportContent {
  title: string;
  legendTitle: string;
  unit: string;
  rows: ReportLegendRow[];
  /** the source line, the synthetic-data notice and the basemap credits, one line each */
  footer: string[];
  font: string;
}

/** A PNG data URL of the map canvas (drawn at `ratio` device pixels per CSS pixel) framed as a report. */
export function composeReport(map: HTMLCanvasElement, ratio: number, c: ReportContent): string {
  const pad = 12 * ratio;
  const line = 16 * ratio;
  const titleSize = 18 * ratio;
  const legendHeight = line * (2 + c.rows.length) + pad;
  const out = document.createElement('canvas');
  out.width = map.width;
  out.height = pad + titleSize + pad + map.height + pad + legendHeight + line * c.footer.length + pad;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#1d1d1d';
  ctx.textBaseline = 'top';
  ctx.font = `600 ${titleSize}px ${c.font}`;
  ctx.fillText(c.title, pad, pad, out.width - 2 * pad);
  const mapTop = pad + titleSize + pad;
  ctx.drawImage(map, 0, mapTop);
  let y = mapTop + map.height + pad;
  ctx.font = `600 ${13 * ratio}px ${c.font}`;
  ctx.fillText(c.legendTitle, pad, y, out.width - 2 * pad);
  y += line;
  ctx.font = `${11 * ratio}px ${c.font}`;
  ctx.fillStyle = '#444';
  ctx.fillText(c.unit, pad, y, out.width - 2 * pad);
  y += line;
  const swatch = 12 * ratio;
  for (const row of c.rows) {
    drawSwatch(ctx, row, pad, y, swatch, ratio);
    ctx.fillStyle = '#1d1d1d';
    ctx.font = `${12 * ratio}px ${c.font}`;
    ctx.fillText(row.label, pad + swatch + 6 * ratio, y, out.width - 3 * pad - swatch);
    y += line;
  }
  y += pad;
  ctx.font = `${11 * ratio}px ${c.font}`;
  ctx.fillStyle = '#333';
  for (const text of c.footer) {
    ctx.fillText(text, pad, y, out.width - 2 * pad);
    y += line;
  }
  return out.toDataURL('image/png');
}

function drawSwatch(ctx: CanvasRenderingContext2D, row: ReportLegendRow, x: number, y: number, size: number, ratio: number): void {
  if (row.style === 'outline') {
    ctx.lineWidth = 2.5 * ratio;
    ctx.strokeStyle = '#fff';
    ctx.strokeRect(x, y, size, size);
    ctx.lineWidth = 1.5 * ratio;
    ctx.strokeStyle = row.colour;
    ctx.strokeRect(x, y, size, size);
    return;
  }
  ctx.fillStyle = row.colour;
  ctx.fillRect(x, y, size, size);
  if (row.style === 'hatch') {
    ctx.strokeStyle = '#444';
    ctx.lineWidth = ratio;
    for (let d = -size; d < size; d += 4 * ratio) {
      ctx.beginPath();
      ctx.moveTo(x + Math.max(0, d), y + Math.max(0, -d));
      ctx.lineTo(x + Math.min(size, d + size), y + Math.min(size, size - d));
      ctx.stroke();
    }
  }
  ctx.strokeStyle = 'rgba(0,0,0,0.3)';
  ctx.lineWidth = ratio;
  ctx.strokeRect(x, y, size, size);
}

/** The hatch drawn over unknown (confidential) cells: grey diagonals on transparent, as MapLibre image data. */
export function hatchImage(size = 8): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = (x + y) % size < 2;
      const k = (y * size + x) * 4;
      data.set(on ? [40, 40, 40, 255] : [0, 0, 0, 0], k);
    }
  }
  return { width: size, height: size, data };
}
