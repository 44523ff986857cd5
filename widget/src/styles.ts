// The widget's styles: maplibre-gl's own CSS (inlined by vite), then the frame around the map. Themable
// through the custom properties --d4i-font, --d4i-fg, --d4i-bg, --d4i-focus and ::part().
import { css, unsafeCSS } from 'lit';
import maplibreCss from 'maplibre-gl/dist/maplibre-gl.css?inline';

export const widgetStyles = [
  unsafeCSS(maplibreCss),
  css`
    :host {
      display: block;
      position: relative;
      width: 100%;
      height: 100%;
      min-height: 300px;
      font: var(--d4i-font, 13px/1.4 system-ui, sans-serif);
      color: var(--d4i-fg, #1d1d1d);
    }
    section,
    .map {
      position: absolute;
      inset: 0;
    }
    .maplibregl-canvas:focus-visible {
      outline: 3px solid var(--d4i-focus, #1a5fb4);
      outline-offset: -3px;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    .legend,
    .tooltip,
    .controls,
    .summary,
    .table,
    .state {
      position: absolute;
      background: var(--d4i-bg, rgba(255, 255, 255, 0.94));
      border-radius: 4px;
      box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25);
    }
    .legend {
      padding: 6px 8px;
      max-width: 240px;
      z-index: 2;
    }
    .legend.bottom-left { left: 8px; bottom: 30px; }
    .legend.bottom-right { right: 8px; bottom: 30px; }
    .legend.top-left { left: 8px; top: 36px; }
    .legend.top-right { right: 48px; top: 8px; }
    .legend-title { font-weight: 600; }
    .legend-unit { font-size: 11px; opacity: 0.8; margin-bottom: 4px; }
    .legend ul { list-style: none; margin: 0; padding: 0; }
    .legend li { display: flex; align-items: center; gap: 6px; }
    .swatch { width: 14px; height: 12px; border: 1px solid rgba(0, 0, 0, 0.2); flex: none; }
    .tooltip { padding: 6px 8px; pointer-events: none; z-index: 3; max-width: 280px; }
    .tooltip dl { display: grid; grid-template-columns: auto auto; gap: 0 10px; margin: 4px 0 0; }
    .tooltip dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
    .controls { right: 8px; bottom: 30px; display: flex; gap: 4px; padding: 4px; z-index: 2; }
    .controls button { font: inherit; cursor: pointer; border: 1px solid #888; background: #fff; border-radius: 3px; padding: 2px 6px; }
    .controls button:focus-visible { outline: 3px solid var(--d4i-focus, #1a5fb4); }
    .summary { left: 8px; top: 8px; max-width: calc(100% - 60px); padding: 2px 6px; font-size: 11px; pointer-events: none; }
    .summary:empty { display: none; }
    .table { right: 8px; top: 8px; bottom: 70px; width: min(360px, 60%); overflow: auto; padding: 6px; z-index: 4; }
    .table table { border-collapse: collapse; width: 100%; }
    .table th, .table td { text-align: left; padding: 2px 4px; border-bottom: 1px solid #ddd; }
    .state { left: 50%; top: 50%; transform: translate(-50%, -50%); padding: 10px 14px; z-index: 5; }
    .state.error { color: #8b0000; }
  `,
];
