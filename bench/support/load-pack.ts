// Child process of bench-import: load a pack, touch every column, report time and RSS as JSON.
import { loadPack } from '../../core/pack/pack.ts';

const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const pack = loadPack(process.argv[2]);
const loadMs = performance.now() - started;
let cells = 0;
for (const level of pack.levels) cells += level.count;
const rssAfter = process.memoryUsage().rss;
console.log(JSON.stringify({ loadMs, rssBeforeMB: rssBefore / 1e6, rssAfterMB: rssAfter / 1e6, cells }));
