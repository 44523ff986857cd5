// The widget's styles: maplibre-gl's own CSS (inlined by vite), then the frame around the map. Themable
// through the custom properties --d4i-font, --d4i-fg, --d4i-bg, --d4i-focus, --d4i-aspect-ratio and ::part().
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
      /* fills its container's width; its height follows aspect-ratio (3:2) unless the page sets one */
      aspect-ratio: var(--d4i-aspect-ratio, 3 / 2);
      min-height: 260px;
      max-width: 100%;
      box-sizing: border-box;
      overflow: hidden;
      font: var(--d4i-font, 13px/1.4 system-ui, sans-serif);
      color: var(--d4i-fg, #1d1d1d);
    }
    /* the map stage above the footer: overlays are placed in the stage, so none covers the footer */
    section {
      position: absolute;
      inset: 0;
      display: flex;
      flex-direction: column;
    }
    .stage {
      position: relative;
      flex: 1;
      min-height: 0;
    }
    .map {
      position: absolute;
      inset: 0;
    }
    /* a dark ring inside a light one: one of the two contrasts 3:1 or more with any class colour */
    .maplibregl-canvas:focus-visible {
      outline: 3px solid var(--d4i-focus, #000);
      outline-offset: -3px;
      box-shadow: inset 0 0 0 6px var(--d4i-focus-inner, #fff);
    }
    .crosshair {
      display: none;
      position: absolute;
      left: 50%;
      top: 50%;
      width: 22px;
      height: 22px;
      transform: translate(-50%, -50%);
      pointer-events: none;
      z-index: 2;
      background:
        linear-gradient(#000, #000) center / 2px 100% no-repeat,
        linear-gradient(#000, #000) center / 100% 2px no-repeat;
      filter: drop-shadow(0 0 1px #fff) drop-shadow(0 0 1px #fff);
    }
    .map:focus-within ~ .crosshair {
      display: block;
    }
    .fallback {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      object-fit: contain;
      background: #dce6ec;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    .legend,
    .legend-toggle,
    .footer,
    .tooltip,
    .controls,
    .summary,
    .table,
    .state {
      position: absolute;
      background: var(--d4i-bg, rgba(255, 255, 255, 0.94));
      border-radius: 4px;
      box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25);
      box-sizing: border-box;
    }
    .legend {
      padding: 6px 8px;
      max-width: min(240px, calc(100% - 170px));
      max-height: calc(100% - 50px);
      overflow: auto;
      z-index: 2;
    }
    .legend.compact { max-width: calc(100% - 16px); z-index: 4; }
    .legend.bottom-left, .legend-toggle.bottom-left { left: 8px; bottom: 8px; }
    .legend.bottom-right, .legend-toggle.bottom-right { right: 8px; bottom: 46px; }
    .legend.top-left, .legend-toggle.top-left { left: 8px; top: 36px; }
    .legend.top-right, .legend-toggle.top-right { right: 8px; top: 36px; }
    .legend-title { font-weight: 600; }
    .legend-unit { font-size: 11px; opacity: 0.8; margin-bottom: 4px; }
    .legend ul { list-style: none; margin: 0; padding: 0; }
    .legend li { display: flex; align-items: center; gap: 6px; }
    .legend li.highlight { align-items: flex-start; margin-top: 2px; }
    .legend-note { font-size: 11px; margin-top: 4px; opacity: 0.85; }
    .legend-toggle { font: inherit; cursor: pointer; border: 1px solid #888; padding: 2px 8px; z-index: 2; }
    .legend-close { float: right; font: inherit; border: 0; background: none; cursor: pointer; padding: 0 2px; }
    .swatch { width: 14px; height: 12px; border: 1px solid rgba(0, 0, 0, 0.2); flex: none; box-sizing: border-box; }
    .swatch.hatch { background-image: repeating-linear-gradient(45deg, #282828 0 1.5px, transparent 1.5px 4px); }
    .swatch.outline { background: #fff; border: 2px solid #000; box-shadow: 0 0 0 1px #fff; }
    .tooltip { padding: 6px 8px; pointer-events: none; z-index: 3; max-width: min(280px, 100%); max-height: 100%; overflow: hidden; }
    .tooltip dl { display: grid; grid-template-columns: auto auto; gap: 0 10px; margin: 4px 0 0; }
    .tooltip dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
    .controls { right: 8px; bottom: 8px; display: flex; gap: 4px; padding: 4px; z-index: 2; }
    .controls button { font: inherit; cursor: pointer; border: 1px solid #888; background: #fff; border-radius: 3px; padding: 2px 6px; }
    .controls button:focus-visible, .legend-toggle:focus-visible, .legend a:focus-visible, .table a:focus-visible {
      outline: 3px solid var(--d4i-focus, #000);
      box-shadow: 0 0 0 5px #fff;
    }
    .summary { left: 8px; top: 8px; max-width: calc(100% - 16px); padding: 2px 6px; font-size: 11px; pointer-events: none; }
    .summary:empty { display: none; }
    .table { right: 8px; top: 8px; bottom: 46px; width: min(360px, calc(100% - 16px)); overflow: auto; padding: 6px; z-index: 4; }
    .table table { border-collapse: collapse; width: 100%; }
    .table caption { text-align: left; font-size: 11px; padding-bottom: 4px; }
    .table th, .table td { text-align: left; padding: 2px 4px; border-bottom: 1px solid #ddd; }
    .footer {
      position: static;
      flex: none;
      border-radius: 0;
      box-shadow: none;
      padding: 3px 8px;
      font-size: 10.5px;
      line-height: 1.35;
      z-index: 3;
    }
    /* narrow maps: two lines, the rest on hover or focus */
    .footer.compact:not(:hover):not(:focus) {
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
    .state { left: 50%; top: 50%; transform: translate(-50%, -50%); padding: 10px 14px; z-index: 5; }
    .state.error { color: #8b0000; }
    .state.notice { top: 8px; transform: translate(-50%, 0); font-size: 12px; max-width: 80%; }
  `,
];
