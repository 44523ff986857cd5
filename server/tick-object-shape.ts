// Keeps Node's process.nextTick on V8's fast path for the life of the server.
//
// nextTick builds each tick as an object literal with computed keys ({ [async_id_symbol]: ..., callback,
// args }), and V8 records such a literal's property definitions as either monomorphic (one map seen) or
// megamorphic, nothing between. The literal's intermediate maps are held only by live tick objects; once
// a server has idled through three old-space collections with no tick pending (V8 retains dead maps for
// two), they are collected, the next ticks make new maps, and the feedback turns megamorphic for good:
// every nextTick (four or five per HTTP request) then defines its properties in V8's C++ runtime. Under
// warm tile load that was 9.2% of the main thread's time (perf, Runtime_DefineKeyedOwnPropertyInLiteral
// below nextTick), a cost bare node:http, which never idles like that, does not pay. One tick object held
// here keeps its maps, and the fast path, alive. tick-object-shape.test.ts shows both sides.
import { createHook } from 'node:async_hooks';

let kept: object | undefined;

/** Hold one tick object (idempotent); call it early, before the server can idle. */
export function keepTickObjectShape(): void {
  if (kept) return;
  // an init hook sees the tick object nextTick makes; enabled for this one call only
  const hook = createHook({
    init(_id, type, _trigger, resource) {
      if (type === 'TickObject') kept ??= resource;
    },
  }).enable();
  process.nextTick(() => {});
  hook.disable();
}
