// The widget bundle's entry (/widget/d4i-map.js): defines <d4i-map> once, however often it is loaded.
import { D4iMap } from './element.ts';

export { D4iMap };

if (!customElements.get('d4i-map')) customElements.define('d4i-map', D4iMap);

declare global {
  interface HTMLElementTagNameMap {
    'd4i-map': D4iMap;
  }
}
