import { describe, expect, it } from 'vitest';
import { Latest } from '../../widget/src/api-client.ts';

const resolveAfter = <T>(ms: number, value: T, signal?: AbortSignal, ignoreAbort = false) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(value), ms);
    if (!ignoreAbort)
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new DOMException('aborted', 'AbortError'));
      });
  });

describe('Latest: only the newest request of a kind is applied', () => {
  it('aborts the earlier run and gives it no answer, even if its task ignores the signal and finishes last', async () => {
    const latest = new Latest();
    const signals: AbortSignal[] = [];
    const first = latest.run((signal) => {
      signals.push(signal);
      return resolveAfter(60, 'first', signal, true);
    });
    const second = latest.run((signal) => {
      signals.push(signal);
      return resolveAfter(5, 'second', signal);
    });
    expect(await second).toBe('second');
    expect(await first).toBeUndefined();
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
  });

  it('turns the abort of an overtaken run into no answer, and passes on the errors of the newest', async () => {
    const latest = new Latest();
    const first = latest.run((signal) => resolveAfter(50, 'first', signal));
    const failing = latest.run(async () => {
      throw new Error('server said no');
    });
    expect(await first).toBeUndefined();
    await expect(failing).rejects.toThrow('server said no');
    latest.abort();
    expect(await latest.run(async (signal) => (signal.aborted ? 'aborted' : 'fresh'))).toBe('fresh');
  });
});
