// V8's feedback for the object literal in Node's process.nextTick turns megamorphic once an idle process has
// collected the literal's maps (three old-space collections with no tick pending); keepTickObjectShape
// holds one tick so that it stays monomorphic (server/tick-object-shape.ts). Run in a child with V8's
// natives syntax: %DebugPrint shows nextTick's feedback slots. The control arm, without the held tick,
// shows that the test can fail: if a Node release stops turning it megamorphic, the workaround can go.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = (keep: boolean) => `
import { keepTickObjectShape } from './server/tick-object-shape.ts';
${keep ? 'keepTickObjectShape();' : ''}
const ticks = async (n) => { for (let i = 0; i < n; i++) await new Promise((r) => process.nextTick(r, i)); };
await ticks(2000);
for (let k = 0; k < 5; k++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 20)); }
await ticks(2000);
new Function('f', '%DebugPrint(f)')(process.nextTick);
`;

/** The states of nextTick's DefineKeyedOwnPropertyInLiteral feedback slots after an idle spell. */
function literalFeedback(keep: boolean): string[] {
  // V8's printer writes with C stdio: into a pipe that Node has made non-blocking it loses what does not
  // fit at once, into a file nothing
  const dir = mkdtempSync(join(tmpdir(), 'd4i-tick-'));
  const fd = openSync(join(dir, 'out'), 'w');
  try {
    const args = ['--allow-natives-syntax', '--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script(keep)];
    const child = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'inherit'] });
    expect(child.status).toBe(0);
  } finally {
    closeSync(fd);
  }
  const out = readFileSync(join(dir, 'out'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return [...out.matchAll(/DefineKeyedOwnPropertyInLiteral (\w+)/g)].map((m) => m[1]);
}

describe("process.nextTick's tick literal", () => {
  it('stays monomorphic through an idle spell while one tick object is held', () => {
    const states = literalFeedback(true);
    expect(states.length).toBeGreaterThanOrEqual(3); // the literal's computed and following keys
    expect(states.every((s) => s === 'MONOMORPHIC')).toBe(true);
  });

  it('turns megamorphic without it (the V8 behaviour the workaround is for)', () => {
    expect(literalFeedback(false)).toContain('MEGAMORPHIC');
  });
});
