/**
 * The one polling helper of the suite: the worker sends mail and moves requests on its own time, so a test reads
 * until what it expects holds. The timeout only bounds a failing test (the error names what was awaited and the
 * last value read); it is never a claim about speed.
 */
export interface WaitOptions {
  /** give up (failing the test) after this long; default 30 s (generous: the machine may be busy) */
  timeoutMs?: number;
  /** pause between reads; default 25 ms */
  intervalMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until `done(value)` holds and returns that value. */
export async function waitFor<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  what: string,
  { timeoutMs = 30_000, intervalMs = 25 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${describe(value)}`);
    await sleep(intervalMs);
  }
}

/** Waits until `check` answers true. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  options: WaitOptions = {},
): Promise<void> {
  await waitFor(check, (ok) => ok, what, options);
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return String(value);
  }
}
