/**
 * CLI: compute a statutory deadline without a server or database.
 *   npm run --silent deadline -- --jurisdiction SE --right access --received 2025-01-31 [--vendor sonos]
 *     [--pause 2025-02-03..2025-02-10]...
 * --received takes YYYY-MM-DD, or an instant with Z/offset (its date is taken in the jurisdiction's timezone).
 * Prints the computeDeadline JSON on stdout. Bad parameters: a JSON problem on stderr naming the parameter, exit 2.
 */
import {
  computeDeadline,
  DeadlineInputError,
  parseIsoDate,
  vendorPromisesFrom,
  type PauseInterval,
  type VendorPromise,
} from '../server/deadlines';
import { loadSeedRegistry, type DeadlineFact } from '../server/vendors';

const FLAGS = ['jurisdiction', 'right', 'received', 'vendor', 'pause'] as const;
type Flag = (typeof FLAGS)[number];
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

class ExitError extends Error {
  constructor(
    readonly code: number,
    readonly problem: Record<string, unknown>,
  ) {
    super(String(problem.message));
  }
}
const bad = (parameter: string, message: string, supported?: string[]) =>
  new DeadlineInputError(parameter, message, supported);

export function parseArgs(argv: string[]): Record<Flag, string[]> {
  const out = Object.fromEntries(FLAGS.map((f) => [f, [] as string[]])) as Record<Flag, string[]>;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m)
      throw bad(
        arg,
        `unexpected argument ${JSON.stringify(arg)}`,
        FLAGS.map((f) => `--${f}`),
      );
    const name = m[1] as Flag;
    if (!FLAGS.includes(name))
      throw bad(
        name,
        `unknown option --${name}`,
        FLAGS.map((f) => `--${f}`),
      );
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw bad(name, `--${name} needs a value`);
    out[name].push(value);
  }
  for (const f of ['jurisdiction', 'right', 'received'] as const) {
    if (out[f].length !== 1) throw bad(f, out[f].length ? `--${f} given more than once` : `--${f} is required`);
  }
  return out;
}

function receivedFrom(value: string): string | Date {
  if (!INSTANT.test(value)) return value; // computeDeadline validates the date form
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()) || !parseIsoDate(value.slice(0, 10)))
    throw bad('received', `invalid instant ${JSON.stringify(value)}`);
  return instant;
}

function pauseFrom(value: string): PauseInterval {
  const [from, to, extra] = value.split('..');
  if (!from || !to || extra !== undefined)
    throw bad('pause', `--pause must be FROM..TO (YYYY-MM-DD..YYYY-MM-DD), got ${JSON.stringify(value)}`);
  return { from, to };
}

async function vendorPromises(slugs: string[]): Promise<VendorPromise[]> {
  const wanted = slugs
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0) return [];
  const registry = loadSeedRegistry();
  return wanted.flatMap((slug) => {
    const vendor = registry.find((v) => v.slug === slug);
    if (!vendor) throw bad('vendor', `unknown vendor ${JSON.stringify(slug)}`, registry.map((v) => v.slug).sort());
    // The published registry: every fact not rejected by staff, exactly what db:seed stores and the API reads.
    const deadlines = vendor.published.filter((f) => f.family === 'deadline').map((f) => f.fact as DeadlineFact);
    return vendorPromisesFrom(slug, deadlines);
  });
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    const deadline = computeDeadline({
      jurisdiction: args.jurisdiction[0] ?? '',
      right: args.right[0] ?? '',
      received: receivedFrom(args.received[0] ?? ''),
      vendorPromises: await vendorPromises(args.vendor),
      pauses: args.pause.map(pauseFrom),
    });
    process.stdout.write(`${JSON.stringify(deadline, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof DeadlineInputError) {
      process.stderr.write(`${JSON.stringify(err.toJSON())}\n`);
      return 2;
    }
    if (err instanceof ExitError) {
      process.stderr.write(`${JSON.stringify(err.problem)}\n`);
      return err.code;
    }
    process.stderr.write(`${JSON.stringify({ error: 'InternalError', message: (err as Error).message })}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
