/**
 * Freezes `Date` (only) at `now` for API tests: timers and I/O keep
 * running, so servers and databases answer as usual. Undo with
 * `jest.useRealTimers()`.
 */
export function clockAt(now: string) {
  jest.useFakeTimers({
    now: new Date(now),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
