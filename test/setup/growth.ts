/**
 * How work grows with input size, for tests that guard against super-linear (e.g. regex backtracking) behaviour
 * without asserting a time limit: the same function runs on a small and a `factor` times larger input in one
 * process, and the test compares the two. CPU time of this process is used rather than wall-clock time, so other
 * processes competing for the machine do not count, and the least of a few runs is kept (the one least disturbed
 * by garbage collection and JIT warm-up).
 */
export function cpuMs(run: () => unknown, repeat = 1): number {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/**
 * CPU time on an input of `factor` × `smallBytes` divided by CPU time on one of `smallBytes` (inputs made by
 * `make`). Linear work gives about `factor`; quadratic work about `factor`².
 */
export function growthRatio(
  make: (bytes: number) => string,
  run: (input: string) => unknown,
  smallBytes: number,
  factor: number,
): number {
  const small = make(smallBytes);
  const large = make(smallBytes * factor);
  run(small); // warm-up: compile the code paths before measuring
  const smallMs = Math.max(
    cpuMs(() => run(small), 3),
    1,
  );
  const largeMs = cpuMs(() => run(large), 2);
  return largeMs / smallMs;
}
