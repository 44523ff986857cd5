// The names of the layers our tiles carry, shared by the sources that write them and the styles that
// read them (browser-safe).
export const GRID_LAYER = 'grid';
export const LAU_LAYER = 'lau';
/** One point per small town of the D4I finding, at the centre of its box. */
export const SMALL_TOWN_LAYER = 'small_town';
