/**
 * Sums up a Chrome trace (Trace Event Format) of the running demo (scripts/bench-demo.ts --trace):
 * per thread, the wall time and the CPU time (thread time) spent in tasks; for the page's main thread
 * and the busiest other threads, CPU self time by kind of work and by event name, per demo frame.
 */

/** What the trace records: the DevTools timeline, V8 (compile, GC), Blink, the compositor, video. */
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.gc',
  'blink',
  'cc',
  'gpu',
  'viz',
  'media',
];

export interface TraceEvent {
  pid: number;
  tid: number;
  ph: string;
  name: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the span, when the trace has it. */
  tdur?: number;
  args?: { name?: string };
}

/** Kinds of work by event name, first match wins. "script" is JavaScript and WebAssembly together
 * with the canvas and WebGL calls they make (the trace has no events inside a function call). */
const KINDS: [string, RegExp][] = [
  ['GC', /GC|Scavenge|Sweep|Marking|Heap/i],
  ['compile', /compile|ParseScript|ParseFunction|CacheScript|Wasm/i],
  [
    'script',
    /FunctionCall|EvaluateScript|V8\.|v8\.|TimerFire|FireAnimationFrame|RunMicrotasks|EventDispatch|VideoFrameCallback/,
  ],
  ['style', /UpdateLayoutTree|Style/],
  ['layout', /Layout|IntersectionObserver|ResizeObserver|HitTest/],
  [
    'paint, commit',
    /Paint|Layerize|UpdateLayers|Commit|Raster|Decode|Image|Canvas|CompositingInputs/i,
  ],
  [
    'scheduling',
    /RunTask|BeginFrame|BeginMainFrame|Lifecycle|WillBeginMainFrame|mojo|Epoll|Watcher/i,
  ],
];
const kindOf = (name: string) => KINDS.find(([, re]) => re.test(name))?.[0] ?? 'other';

const ms = (us: number) => (us / 1000).toFixed(1);
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0).padStart(3)}%`;

interface ThreadTimes {
  label: string;
  /** Wall and CPU time in top-level tasks, µs. */
  wall: number;
  cpu: number;
  /** CPU self time by event name, µs. */
  self: Map<string, number>;
}

/** Top-level wall/CPU time and self CPU time per name of one thread's complete ("X") events. */
function threadTimes(label: string, spans: TraceEvent[]): ThreadTimes {
  spans.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const cpuOf = (e: TraceEvent) => e.tdur ?? e.dur!;
  const times: ThreadTimes = { label, wall: 0, cpu: 0, self: new Map() };
  const stack: { e: TraceEvent; children: number }[] = [];
  const pop = () => {
    const { e, children } = stack.pop()!;
    times.self.set(e.name, (times.self.get(e.name) ?? 0) + Math.max(0, cpuOf(e) - children));
    const parent = stack.at(-1);
    if (parent) parent.children += cpuOf(e);
    else {
      times.wall += e.dur!;
      times.cpu += cpuOf(e);
    }
  };
  for (const e of spans) {
    while (stack.length && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= e.ts) pop();
    stack.push({ e, children: 0 });
  }
  while (stack.length) pop();
  return times;
}

/** `frames`: demo frames handled while tracing (for the per-frame figures). */
export function summariseTrace(events: TraceEvent[], opts: { frames?: number } = {}): string {
  const names = new Map<string, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    if (e.name === 'process_name') names.set(`${e.pid}`, e.args?.name ?? '?');
  }
  const byThread = new Map<string, TraceEvent[]>();
  let start = Infinity;
  let end = -Infinity;
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number') continue;
    const key = `${e.pid}:${e.tid}`;
    (byThread.get(key) ?? byThread.set(key, []).get(key)!).push(e);
    start = Math.min(start, e.ts);
    end = Math.max(end, e.ts + e.dur);
  }
  if (byThread.size === 0) return 'no events in the trace';
  const wall = end - start;
  const frames = opts.frames ?? 0;
  const perFrame = (us: number) => (frames > 0 ? `${ms(us / frames).padStart(6)} ms/frame` : '');
  const threads = [...byThread].map(([key, spans]) =>
    threadTimes(`${names.get(key.split(':')[0]!) ?? '?'} / ${names.get(key) ?? key}`, spans),
  );
  threads.sort((a, b) => b.cpu - a.cpu);

  const lines = [
    `${ms(wall)} ms, ${frames} demo frames. Per thread, time in tasks: wall, CPU (share of the wall time), CPU per frame:`,
  ];
  for (const t of threads.slice(0, 12))
    lines.push(
      `  ${t.label.slice(0, 46).padEnd(46)} wall ${ms(t.wall).padStart(7)}  CPU ${ms(t.cpu).padStart(7)} ${pct(t.cpu, wall)}  ${perFrame(t.cpu)}`,
    );
  const cpu = threads.reduce((sum, t) => sum + t.cpu, 0);
  lines.push(
    `  every thread: CPU ${ms(cpu)} ms = ${(cpu / wall).toFixed(2)} cores  ${perFrame(cpu)}`,
  );

  const main = threads.find((t) => t.label.endsWith('CrRendererMain'));
  const others = threads.filter((t) => t !== main).slice(0, 2);
  for (const t of main ? [main, ...others] : others) {
    const kinds = new Map<string, number>();
    for (const [name, us] of t.self) kinds.set(kindOf(name), (kinds.get(kindOf(name)) ?? 0) + us);
    lines.push(
      `${t.label} (in tasks ${pct(t.wall, wall).trim()} of the time): CPU self time by kind, ms`,
    );
    lines.push(
      `  ${[...kinds]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, us]) => `${kind} ${ms(us)}${frames > 0 ? ` (${ms(us / frames)}/frame)` : ''}`)
        .join(', ')}`,
    );
    lines.push('  by name:');
    for (const [name, us] of [...t.self].sort((a, b) => b[1] - a[1]).slice(0, t === main ? 12 : 6))
      lines.push(`    ${name.slice(0, 58).padEnd(58)} ${ms(us).padStart(7)}  ${perFrame(us)}`);
  }
  return lines.join('\n');
}
