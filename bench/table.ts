// The table `npm run bench` prints at the end: each benchmark's sides, their ratio, its goals judged, and the notes
// (checks of the data written, what a request is) under it.
import type { Benchmark, Measured, Result } from './support.js';

export interface Outcome extends Partial<Measured> {
  benchmark: Benchmark;
  error?: unknown;
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(n < 10 ? 1 : 0);
/** Rates below 100 keep a decimal: a batch benchmark may do a handful per second. */
const rate = (n: number) => (n < 100 ? n.toFixed(1) : whole(n));

function ratioOf(outcome: Outcome, side = outcome.app): number | undefined {
  if (!side || !outcome.baseline || outcome.baseline.requestsPerSecond === 0) return undefined;
  return side.requestsPerSecond / outcome.baseline.requestsPerSecond;
}

function p99RatioOf(outcome: Outcome): number | undefined {
  if (!outcome.app || !outcome.baseline || outcome.baseline.p99Ms === 0) return undefined;
  return outcome.app.p99Ms / outcome.baseline.p99Ms;
}

/** Each goal of the benchmark, judged: `[what, met]`. None for a benchmark that only reports. */
function checks(outcome: Outcome): Array<[string, boolean]> {
  const { goal, p99Goal } = outcome.benchmark;
  const found: Array<[string, boolean]> = [];
  const ratio = ratioOf(outcome);
  if (goal !== 'report' && ratio !== undefined) found.push([`req/s ${ratio.toFixed(2)}× (goal ≥ ${goal.toFixed(2)}×)`, ratio >= goal]);
  const p99 = p99RatioOf(outcome);
  if (p99Goal !== undefined && p99 !== undefined) {
    const { app, baseline } = outcome;
    found.push([`p99 ${ms(app!.p99Ms)} ms vs ${ms(baseline!.p99Ms)} ms = ${p99.toFixed(2)}× (goal ≤ ${p99Goal.toFixed(2)}×)`, p99 <= p99Goal]);
  }
  return [...found, ...(outcome.goals ?? [])];
}

function verdict(outcome: Outcome): string {
  if (outcome.error) return 'crashed';
  const sides = [outcome.app!, outcome.baseline!, ...(outcome.more ?? []).map((m) => m.result)];
  if (sides.some((side) => side.failures > 0)) return 'invalid (failures)';
  if (outcome.benchmark.goal === 'report' && !outcome.goals?.length) return '-';
  return checks(outcome).every(([, met]) => met) ? 'yes' : 'NO';
}

function goalText({ goal, p99Goal }: Benchmark, more: boolean): string {
  const throughput = goal === 'report' ? 'report' : `≥ ${goal.toFixed(2)}×`;
  const text = p99Goal === undefined ? throughput : `${throughput}, p99 ≤ ${p99Goal.toFixed(2)}×`;
  return more ? `${text} + below` : text;
}

export function printTable(outcomes: Outcome[]): void {
  const header = ['benchmark', 'side', 'req/s (avg)', 'p99 ms', 'mean ms', 'requests', 'failures', 'cpu µs/req', 'app/bare req/s', 'goal', 'met'];
  const rows: string[][] = [];
  for (const outcome of outcomes) {
    const { name } = outcome.benchmark;
    const ratio = ratioOf(outcome);
    const goal = goalText(outcome.benchmark, Boolean(outcome.goals?.length));
    const labels = outcome.benchmark.sides ?? { app: 'app', baseline: 'bare' };
    if (outcome.error) {
      rows.push([name, '-', '-', '-', '-', '-', '-', '-', '-', goal, verdict(outcome)]);
      continue;
    }
    const side = (r: Result) => [
      rate(r.requestsPerSecond),
      ms(r.p99Ms),
      ms(r.meanLatencyMs),
      whole(r.requests),
      whole(r.failures),
      r.cpuMicrosPerRequest === undefined ? '-' : whole(r.cpuMicrosPerRequest),
    ];
    const times = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(2)}×`);
    rows.push([name, labels.app, ...side(outcome.app!), times(ratio), goal, verdict(outcome)]);
    for (const more of outcome.more ?? []) rows.push(['', more.side, ...side(more.result), times(ratioOf(outcome, more.result)), '', '']);
    rows.push(['', labels.baseline, ...side(outcome.baseline!), '', '', '']);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const left = new Set([0, 1, header.length - 1]);
  const line = (cells: string[]) =>
    cells.map((cell, i) => (left.has(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('');
  console.log('req/s: mean of the per-second samples (a batch benchmark: its operations ÷ its wall time); latencies:');
  console.log('2xx answers only; cpu µs/req: CPU time of the server thread (of the bare SQL client for a baseline without');
  console.log('a server) per request, steadier than req/s when other processes share the cores.');
  for (const outcome of outcomes) {
    const { benchmark, app, baseline, notes = [] } = outcome;
    if (app?.cpuMicrosPerRequest && baseline?.cpuMicrosPerRequest) {
      const times = app.cpuMicrosPerRequest / baseline.cpuMicrosPerRequest;
      const [who, whom] = benchmark.sides ? [`'${benchmark.sides.app}'`, `'${benchmark.sides.baseline}'`] : ['the app', 'the baseline'];
      console.log(`${benchmark.name}: ${who} spends ${times.toFixed(2)}× the CPU of ${whom} per request.`);
    }
    const judged = outcome.error ? [] : checks(outcome);
    if (judged.length > 1 || (judged.length > 0 && outcome.goals?.length)) console.log(`${benchmark.name}: ${judged.map(([what, met]) => `${what}: ${met ? 'yes' : 'NO'}`).join('; ')}.`);
    for (const note of notes) console.log(`${benchmark.name}: ${note}`);
  }
}
