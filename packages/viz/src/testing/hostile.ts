/**
 * Hostile payloads for fuzzing the renderers: valid payloads of every kind, then malformed and
 * hostile variants of them (wrong versions and MIME types, broken base64, shapes that lie, claims
 * of a billion elements, NaN/Inf, markup and script in every string, prototype keys, deep nesting,
 * non-object JSON, graphs with dangling edges, cycles and thousands of nodes). Shared by the viz
 * and JupyterLab test suites and the browser test; test-only (not part of the built package).
 */
import fc from 'fast-check';
import { jacobianPayload, tensorPayload } from '../payload/build';
import { GRAPH_MIME, JACOBIAN_MIME, TENSOR_MIME, type GraphPayload } from '../payload/types';

/** Global a successful injection would set (`window[PWNED]`); tests assert it stays unset. */
export const PWNED = '__jacobiPwned';

/** One fuzzed output: the MIME type it is displayed under and its data (an object or JSON text). */
export interface HostileCase {
  label: string;
  mime: string;
  data: unknown;
}

const act = `window.${PWNED}=1;alert(1)`;

/** Strings that try to break out of text or attribute context, or are merely awkward. */
export const HOSTILE_STRINGS: readonly string[] = [
  `<script>${act}</script>`,
  `<img src=x onerror="${act}">`,
  `"><img src=x onerror=${act}>`,
  `'><svg onload=${act}>`,
  `javascript:${act}`,
  `</text></svg><script>${act}</script>`,
  `</title></svg><img src=x onerror=${act}>`,
  `<![CDATA[<script>${act}</script>]]>`,
  ']]>',
  `<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src=x onerror="${act}"/></div></foreignObject>`,
  `<a href="javascript:${act}">click</a>`,
  `<iframe srcdoc="<script>parent.${act}</script>"></iframe>`,
  `<style>*{display:none}</style>`,
  `url(javascript:${act})`,
  `&lt;script&gt;${act}&lt;/script&gt; &amp; &#x3C;`,
  `'"\`\\`,
  '\u0000\u0001\u0008\u000b\u000c\u001f\u007f control',
  '\u202e\u2066 bidi \u200b zero-width',
  '\ud800 lone surrogate \udfff',
  '\ufffe\uffff noncharacters',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '',
  'x'.repeat(20_000),
];

/** Numbers that break arithmetic, bounds or allocation when trusted. */
export const HOSTILE_NUMBERS: readonly number[] = [NaN, Infinity, -Infinity, -1, -0, 0.5, 1e9, 2 ** 31, 2 ** 53, 1e308, Number.MAX_VALUE, Number.MIN_VALUE];

const seeded = (n: number, seed: number) => {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 4);
};

function graphPayload(): GraphPayload {
  return {
    version: 1,
    kind: 'graph',
    title: 'loss',
    nodes: [
      { id: '0', role: 'input', label: 'x', shape: [4, 3], dtype: 'float64', requiresGrad: false },
      { id: '1', role: 'param', label: 'w', shape: [3, 2], dtype: 'float64', requiresGrad: true, grad: { norm: 1.5, absMax: 1, mean: 0.1 } },
      { id: '2', role: 'op', label: 'matmul', shape: [4, 2], dtype: 'float64', savedBytes: 160 },
      { id: '3', role: 'constant', label: '2', shape: [], dtype: 'float64' },
      { id: '4', role: 'output', label: 'mean', shape: [], dtype: 'float64', savedBytes: 8 },
    ],
    edges: [{ from: '0', to: '2' }, { from: '1', to: '2' }, { from: '2', to: '4' }, { from: '3', to: '4' }],
    highlight: ['4', '2', '1'],
    totals: { nodes: 5, savedBytes: 168, multiplyAdds: 48 },
  };
}

let bases: HostileCase[] | undefined;

/** Valid payloads of every kind and display path (table, line, heatmap, PNG, slices, empty, NaN); fresh copies. */
export function validCases(): HostileCase[] {
  bases ??= buildValidCases();
  return clone(bases);
}

function buildValidCases(): HostileCase[] {
  const t = (label: string, values: number[], shape: number[], maxDisplay?: number): HostileCase => ({
    label, mime: TENSOR_MIME, data: tensorPayload(values, shape, { name: label, maxDisplay }),
  });
  const bad = seeded(60, 7).map((v, i) => (i % 7 === 0 ? NaN : i % 11 === 0 ? Infinity : i % 13 === 0 ? -Infinity : v));
  return [
    t('scalar', [3], []),
    t('vector', seeded(10, 1), [10]),
    t('line', seeded(300, 10), [300]),
    t('table', seeded(12, 2), [3, 4]),
    t('heatmap', seeded(40 * 50, 3), [40, 50]),
    t('png', seeded(120 * 150, 4), [120, 150]),
    t('downsampled', seeded(300 * 200, 5), [300, 200], 2000),
    t('slices', seeded(3 * 4 * 5 * 2, 6), [3, 4, 5, 2]),
    t('empty', [], [0]),
    t('empty-middle', [], [2, 0, 3]),
    t('nan-inf', bad, [6, 10]),
    t('all-nan', Array(20).fill(NaN), [4, 5]),
    { label: 'jacobian-named', mime: JACOBIAN_MIME, data: jacobianPayload(seeded(6, 8), [2], [3], { outputNames: ['a', 'b'], inputNames: ['p', 'q', 'r'], mode: 'reverse' }) },
    { label: 'jacobian-large', mime: JACOBIAN_MIME, data: jacobianPayload(seeded(200 * 150, 9), [200], [150], { maxDisplay: 4000 }) },
    { label: 'jacobian-nan', mime: JACOBIAN_MIME, data: jacobianPayload(Array(12).fill(NaN), [3], [4]) },
    { label: 'graph', mime: GRAPH_MIME, data: graphPayload() },
    {
      label: 'chain-plan', mime: GRAPH_MIME,
      data: {
        version: 1, kind: 'chain-plan', title: 'plan', memoryUnit: 'bytes', best: 'reverse',
        links: [{ name: 'f1', shape: [4, 3], diagonal: false }, { name: 'f2', shape: [1, 4], diagonal: true }],
        strategies: [{ name: 'forward', multiplyAdds: 24, peakMemory: 96, order: 'J1 J2' }, { name: 'reverse', multiplyAdds: 7, peakMemory: 32, order: 'J2 J1' }],
      },
    },
    {
      label: 'memory-report', mime: GRAPH_MIME,
      data: { version: 1, kind: 'memory-report', title: 'memory', rows: [{ name: 'l1', heldBytes: 8, jacobianBytes: 800 }], totals: { heldBytes: 8, jacobianBytes: 800 } },
    },
  ];
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const clone = <T>(v: T): T => structuredClone(v);

/** A deep copy of the valid case called `label`. */
function baseCase(label: string): HostileCase {
  bases ??= buildValidCases();
  return clone(bases.find((c) => c.label === label)!);
}

/** Applies `edit` to a deep copy of the valid case called `base`. */
function edited(base: string, label: string, edit: (p: Json) => Json, mime?: string): HostileCase {
  const found = baseCase(base);
  return { label, mime: mime ?? found.mime, data: edit(found.data) ?? found.data };
}

const tensorWith = (label: string, edit: (p: Json) => void) => edited('table', label, edit);

/** A deeply nested array, as JSON text (JSON.stringify of a real one would recurse as deep). */
const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A graph of `n` nodes in a chain, plus `extra(i)` more edges from node i. */
function bigGraph(n: number, extra: (i: number) => number[] = () => []): GraphPayload {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, role: (i === n - 1 ? 'output' : i === 0 ? 'input' : 'op') as 'op', label: `op${i}`, shape: [2], dtype: 'float32' }));
  const edges = nodes.slice(1).map((_, i) => ({ from: `n${i}`, to: `n${i + 1}` }));
  for (let i = 0; i < n; i++) for (const j of extra(i)) if (j < n) edges.push({ from: `n${i}`, to: `n${j}` });
  return { version: 1, kind: 'graph', nodes, edges };
}

/** A payload that claims `shape` elements (display `values` of `valueShape`) with tiny data. */
function claim(label: string, shape: number[], step: number[], valueShape: number[], count = shape.reduce((a, b) => a * b, 1)): HostileCase {
  return tensorWith(label, (p) => {
    p.shape = shape;
    p.sampling = { method: 'maxabs', step };
    // one float32 of data: right for a 1-element display, a lie for bigger ones; none for empty ones
    p.values = { dtype: 'float32', shape: valueShape, data: valueShape.includes(0) ? '' : 'AAAAAA==' };
    p.stats.count = count;
  });
}

let named: readonly HostileCase[] | undefined;

/**
 * Hand-written malformed and hostile payloads, one per known way to break a renderer. Built once
 * and shared (some are large): treat them as read-only.
 */
export function namedCases(): readonly HostileCase[] {
  named ??= buildNamedCases();
  return named;
}

function buildNamedCases(): HostileCase[] {
  const cases: HostileCase[] = [
    // Wrong or missing version, wrong MIME type.
    tensorWith('version missing', (p) => void delete p.version),
    ...[0, 2, '1', null, 1.5].map((v) => tensorWith(`version ${JSON.stringify(v)}`, (p) => void (p.version = v))),
    { ...baseCase('table'), label: 'tensor under the jacobian MIME', mime: JACOBIAN_MIME },
    { ...baseCase('table'), label: 'tensor under the graph MIME', mime: GRAPH_MIME },
    { ...baseCase('table'), label: 'unknown MIME', mime: 'text/html' },
    edited('graph', 'graph kind pie', (p) => void (p.kind = 'pie')),
    // Not an object, not JSON.
    ...([null, 42, true, [], [1, 2], 'a string'] as unknown[]).map((data) => ({ label: `non-object ${JSON.stringify(data)}`, mime: TENSOR_MIME, data })),
    ...['', 'not json {', 'null', '42', '"text"', '[1,2]', '{"version":1', '\u0000', `<script>${act}</script>`].map((data) => ({ label: `text ${JSON.stringify(data).slice(0, 30)}`, mime: TENSOR_MIME, data })),
    // Truncated and non-base64 data.
    tensorWith('data truncated by 4', (p) => void (p.values.data = p.values.data.slice(0, -4))),
    tensorWith('data truncated by 1', (p) => void (p.values.data = p.values.data.slice(0, -1))),
    tensorWith('data empty', (p) => void (p.values.data = '')),
    tensorWith('data non-base64', (p) => void (p.values.data = '!'.repeat(p.values.data.length))),
    tensorWith('data padding inside', (p) => void (p.values.data = `AA==${p.values.data.slice(4)}`)),
    tensorWith('data unicode', (p) => void (p.values.data = 'é'.repeat(p.values.data.length))),
    tensorWith('data not a string', (p) => void (p.values.data = [1, 2, 3])),
    tensorWith('data markup', (p) => void (p.values.data = `<script>${act}</script>`)),
    tensorWith('dtype unknown', (p) => void (p.values.dtype = 'float16')),
    // Shape and data that disagree.
    tensorWith('shape larger than data', (p) => void (p.shape = [3, 5])),
    tensorWith('values shape larger', (p) => void (p.values.shape = [4, 4])),
    tensorWith('rank mismatch', (p) => void (p.values.shape = [12])),
    tensorWith('step rank mismatch', (p) => void (p.sampling.step = [1])),
    tensorWith('count lies', (p) => void (p.stats.count = 5)),
    edited('jacobian-named', 'jacobian shapes lie', (p) => void (p.inputShape = [7])),
    edited('jacobian-named', 'jacobian names short', (p) => void (p.inputNames = ['only'])),
    // Negative, fractional, NaN, infinite and stringly dims.
    ...[-1, 2.5, NaN, Infinity, '3', null].map((d) => tensorWith(`dim ${String(d)}`, (p) => void (p.shape = [d, 4]))),
    tensorWith('step 0', (p) => void (p.sampling.step = [0, 1])),
    tensorWith('step NaN', (p) => void (p.sampling.step = [NaN, 1])),
    { label: 'dims 1e999 (JSON text)', mime: TENSOR_MIME, data: JSON.stringify(baseCase('table').data).replace('"shape":[3,4]', '"shape":[1e999,4]') },
    // Claims of a billion (and 2^53) elements with tiny data.
    claim('claims 1e9, shows 1', [1e9], [1e9], [1]),
    claim('claims 2^53, shows 1', [2 ** 53], [2 ** 53], [1]),
    claim('claims 1e9 x 1e9, shows 1x1', [1e9, 1e9], [1e9, 1e9], [1, 1]),
    claim('claims 2^53 display elements', [2 ** 53], [1], [2 ** 53]),
    claim('claims 1e9 display elements', [1e9], [1], [1e9]),
    claim('claims 2^27 display elements', [2 ** 27], [1], [2 ** 27]),
    claim('claims 1e9 x 1e9 display', [1e9, 1e9], [1, 1], [1e9, 1e9]),
    claim('empty rows of a billion columns', [0, 1e9], [1, 1], [0, 1e9], 0),
    claim('a billion empty slices', [1e9, 0, 5], [1, 1, 1], [1e9, 0, 5], 0),
    claim('2^53 columns of nothing', [0, 2 ** 53], [1, 1], [0, 2 ** 53], 0),
    edited('jacobian-named', 'jacobian claims 1e9 x 1e9', (p) => {
      p.outputShape = [1e9]; p.inputShape = [1e9]; p.matrix.shape = [1e9, 1e9]; p.matrix.stats.count = 1e18;
      p.matrix.sampling = { method: 'maxabs', step: [1e9, 1e9] };
      p.matrix.values = { dtype: 'float32', shape: [1, 1], data: 'AAAAAA==' };
      delete p.outputNames; delete p.inputNames;
    }),
    // NaN and Inf everywhere (possible in objects; JSON text turns them into null).
    edited('line', 'line plot with NaN and infinite range', (p) => { p.stats.min = NaN; p.stats.max = Infinity; }),
    edited('line', 'line plot with range 1e308', (p) => { p.stats.min = -1e308; p.stats.max = 1e308; }),
    tensorWith('stats NaN', (p) => { for (const k of ['min', 'max', 'mean', 'std', 'absMax']) p.stats[k] = NaN; }),
    tensorWith('stats Inf', (p) => { for (const k of ['min', 'max', 'mean', 'std', 'absMax']) p.stats[k] = Infinity; p.stats.histogram.lo = -Infinity; p.stats.histogram.hi = Infinity; }),
    tensorWith('stats null', (p) => { for (const k of ['min', 'max', 'mean', 'std', 'absMax']) p.stats[k] = null; }),
    tensorWith('histogram NaN range', (p) => { p.stats.histogram.lo = NaN; p.stats.histogram.hi = NaN; }),
    tensorWith('histogram reversed', (p) => { p.stats.histogram.lo = 5; p.stats.histogram.hi = -5; }),
    tensorWith('histogram 300k bins', (p) => void (p.stats.histogram.counts = new Array(300_000).fill(1))),
    tensorWith('histogram huge counts', (p) => void (p.stats.histogram.counts = [1e308, 2 ** 53, 0])),
    tensorWith('histogram negative counts', (p) => void (p.stats.histogram.counts = [-5, 3])),
    tensorWith('stats counts NaN', (p) => void (p.stats.nanCount = NaN)),
    tensorWith('absMax 1e308', (p) => { p.stats.absMax = 1e308; p.stats.max = 1e308; p.stats.min = -1e308; }),
    // Huge label lists.
    edited('jacobian-named', 'jacobian 100k names', (p) => {
      const n = 100_000;
      const big = jacobianPayload(seeded(n, 3), [1], [n], { maxDisplay: 1000, inputNames: Array.from({ length: n }, (_, i) => HOSTILE_STRINGS[i % 12]) });
      return big;
    }),
    edited('jacobian-named', 'jacobian names markup', (p) => {
      p.outputNames = [HOSTILE_STRINGS[0], HOSTILE_STRINGS[1]];
      p.inputNames = [HOSTILE_STRINGS[4], HOSTILE_STRINGS[5], HOSTILE_STRINGS[7]];
    }),
    // Prototype keys.
    { label: '__proto__ key (JSON text)', mime: TENSOR_MIME, data: JSON.stringify(baseCase('table').data).replace('{', '{"__proto__":{"polluted":1},') },
    { label: 'constructor key (JSON text)', mime: TENSOR_MIME, data: JSON.stringify(baseCase('table').data).replace('"stats":{', '"stats":{"constructor":{"prototype":{"polluted":1}},') },
    edited('graph', 'graph ids are prototype names', (p) => renameIds(p, ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])),
    // Deep nesting.
    { label: 'deep array (JSON text)', mime: TENSOR_MIME, data: deepJson(50_000) },
    { label: 'deep name (JSON text)', mime: TENSOR_MIME, data: JSON.stringify(baseCase('table').data).replace('"name":"table"', `"name":${deepJson(20_000)}`) },
    tensorWith('deep object', (p) => { let o: Json = {}; p.name = o; for (let i = 0; i < 2000; i++) o = o.a = {}; }),
    // Graphs: dangling edges, cycles, self loops, duplicate ids, thousands of nodes.
    edited('graph', 'edge to a missing node', (p) => void p.edges.push({ from: '2', to: 'ghost' })),
    edited('graph', 'highlight a missing node', (p) => void p.highlight.push('ghost')),
    edited('graph', 'duplicate ids', (p) => void p.nodes.push({ ...p.nodes[0] })),
    edited('graph', 'cycle', (p) => void p.edges.push({ from: '4', to: '0' }, { from: '2', to: '1' })),
    edited('graph', 'self loops', (p) => void p.edges.push({ from: '2', to: '2' }, { from: '4', to: '4' })),
    edited('graph', 'repeated edges', (p) => void p.edges.push(...Array(50).fill({ from: '0', to: '2' }))),
    edited('graph', 'empty graph', (p) => { p.nodes = []; p.edges = []; p.highlight = []; }),
    edited('graph', 'no edges, many nodes', (p) => { p.nodes = bigGraph(150).nodes; p.edges = []; delete p.highlight; }),
    { label: '3000-node chain', mime: GRAPH_MIME, data: bigGraph(3000) },
    { label: '200-node graph with long edges', mime: GRAPH_MIME, data: bigGraph(200, (i) => (i % 10 === 0 ? [199] : [])) },
    { label: 'complete graph of 60', mime: GRAPH_MIME, data: bigGraph(60, (i) => Array.from({ length: 60 - i - 1 }, (_, k) => i + k + 1)) },
    { label: '5000 dangling edges', mime: GRAPH_MIME, data: { ...bigGraph(3), edges: Array.from({ length: 5000 }, (_, i) => ({ from: `x${i}`, to: 'n0' })) } },
    edited('chain-plan', 'best is not a strategy', (p) => void (p.best = 'magic')),
    edited('chain-plan', 'no strategies', (p) => void (p.strategies = [])),
    edited('chain-plan', 'link of 1e308', (p) => void (p.links[0].shape = [1e308, 1e308])),
    edited('memory-report', 'negative bytes', (p) => void (p.rows[0].heldBytes = -1)),
    edited('memory-report', 'bytes 1e308', (p) => { p.rows[0].heldBytes = 1e308; p.totals.jacobianBytes = 1e308; }),
    edited('memory-report', '2000 rows', (p) => void (p.rows = Array.from({ length: 2000 }, (_, i) => ({ name: HOSTILE_STRINGS[i % HOSTILE_STRINGS.length].slice(0, 100), heldBytes: i, jacobianBytes: i * i })))),
  ];
  // Every hostile string in every free-text field of every kind (all still valid payloads).
  for (const s of HOSTILE_STRINGS) cases.push(...everyStringField(s));
  return cases;
}

/** Renames graph node ids consistently in nodes, edges and the highlight. */
function renameIds(p: Json, names: readonly string[]): void {
  const map = new Map<string, string>(p.nodes.map((n: Json, i: number) => [n.id, names[i % names.length] + (i >= names.length ? i : '')]));
  for (const n of p.nodes) n.id = map.get(n.id);
  for (const e of p.edges) { e.from = map.get(e.from); e.to = map.get(e.to); }
  p.highlight = p.highlight?.map((id: string) => map.get(id));
}

/** Valid payloads with `s` in each of their free-text fields. */
function everyStringField(s: string): HostileCase[] {
  const short = JSON.stringify(s).slice(0, 24);
  return [
    tensorWith(`tensor name ${short}`, (p) => { p.name = s; p.dtype = s; }),
    edited('heatmap', `heatmap name ${short}`, (p) => { p.name = s; }),
    edited('slices', `slices name ${short}`, (p) => { p.name = s; p.dtype = s; }),
    edited('jacobian-named', `jacobian names ${short}`, (p) => { p.functionName = s; p.inputName = s; p.outputNames = [s, s]; p.inputNames = [s, s, s]; }),
    edited('graph', `graph text ${short}`, (p) => {
      p.title = s;
      for (const n of p.nodes) { n.label = s; n.dtype = s; }
      renameIds(p, [s, `${s}1`, `${s}2`, `${s}3`, `${s}4`]);
    }),
    edited('chain-plan', `chain plan text ${short}`, (p) => {
      p.title = s; p.links[0].name = s; p.strategies[1].order = s; p.strategies[1].name = s; p.best = s;
    }),
    edited('memory-report', `memory report text ${short}`, (p) => { p.title = s; p.rows[0].name = s; }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Random mutations (fast-check): replace or delete any field of a valid payload.

/** Every path (list of keys) to a field of `value`, containers included, up to `limit` paths. */
function paths(value: Json, limit = 400): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (v: Json, at: (string | number)[]) => {
    if (out.length >= limit) return;
    if (at.length) out.push(at);
    if (Array.isArray(v)) v.slice(0, 6).forEach((x, i) => walk(x, [...at, i]));
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk(v[k], [...at, k]);
  };
  walk(value, []);
  return out;
}

/** A hostile replacement value: markup strings, bad numbers, wrong types, prototype bait. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS.map((s) => s.slice(0, 2000))),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, [], {}, [NaN], [-1], [1e9, 1e9], { __proto__: null, polluted: 1 }, JSON.parse('{"__proto__":{"polluted":1}}')),
  fc.array(fc.constantFrom(...HOSTILE_STRINGS.slice(0, 12)), { maxLength: 4 }),
  fc.anything({ maxDepth: 2, withNullPrototype: true, withObjectString: true }),
);

/** Fields whose text is free (names, labels, titles): any string keeps the payload valid. */
const FREE_TEXT = new Set(['name', 'dtype', 'functionName', 'inputName', 'label', 'title', 'order']);
/** Fields whose number is free in an object payload (no schema bound): any double, NaN and ±Inf too. */
const FREE_NUMBER = new Set(['min', 'max', 'mean', 'std', 'absMax', 'lo', 'hi', 'norm']);

/**
 * A random valid-looking payload: random free-text fields get random or hostile strings and
 * random free number fields random doubles, so most of these are drawn, not refused.
 */
export const retextedCase: fc.Arbitrary<HostileCase> = fc
  .record({
    base: fc.nat(),
    texts: fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom(...HOSTILE_STRINGS)), { minLength: 1, maxLength: 8 }),
    numbers: fc.array(fc.double(), { maxLength: 6 }),
    nameLists: fc.boolean(),
  })
  .map(({ base, texts, numbers, nameLists }) => {
    const bases = validCases();
    const chosen = bases[base % bases.length];
    const data = clone(chosen.data) as Json;
    let t = 0;
    let n = 0;
    const walk = (v: Json, key: string | number, parent: Json, inValues: boolean) => {
      if (typeof v === 'string' && FREE_TEXT.has(String(key)) && !inValues) parent[key] = texts[t++ % texts.length];
      else if (typeof v === 'number' && FREE_NUMBER.has(String(key)) && n < numbers.length) parent[key] = numbers[n++];
      else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk(v[k], k, v, inValues || k === 'values');
    };
    walk(data, '', { '': data }, false);
    if (nameLists && data.kind === 'jacobian') {
      data.outputNames = Array.from({ length: data.matrix.shape[0] }, (_, i) => texts[i % texts.length]);
      data.inputNames = Array.from({ length: data.matrix.shape[1] }, (_, i) => texts[(i + 1) % texts.length]);
    }
    return { label: `${chosen.label} with random text and numbers`, mime: chosen.mime, data };
  });

/** One random mutation of a random valid payload, sent as an object or as JSON text. */
export const brokenCase: fc.Arbitrary<HostileCase> = fc
  .record({
    base: fc.nat(),
    where: fc.nat(),
    del: fc.boolean(),
    value: hostileValue,
    text: fc.boolean(),
    extra: fc.option(fc.record({ where: fc.nat(), value: hostileValue }), { nil: undefined }),
  })
  .map(({ base, where, del, value, text, extra }) => {
    const bases = validCases();
    const chosen = bases[base % bases.length];
    const data = clone(chosen.data) as Json;
    const edits = [{ where, del, value }, ...(extra ? [{ ...extra, del: false }] : [])];
    const described: string[] = [];
    for (const edit of edits) {
      const all = paths(data);
      if (!all.length) break;
      const path = all[edit.where % all.length];
      let parent = data;
      for (const key of path.slice(0, -1)) parent = parent?.[key];
      if (!parent || typeof parent !== 'object') continue;
      const key = path[path.length - 1];
      if (edit.del) delete parent[key];
      else parent[key] = edit.value;
      described.push(`${edit.del ? 'delete' : 'set'} /${path.join('/')}`);
    }
    let json: string | undefined;
    try {
      json = text ? JSON.stringify(data) : undefined;
    } catch {
      json = undefined; // BigInt and friends cannot be JSON: send the object
    }
    return { label: `${chosen.label}: ${described.join(', ')}${json !== undefined ? ' (JSON text)' : ''}`, mime: chosen.mime, data: json ?? data };
  });

/** A random hostile case: a broken payload (mostly refused) or one with random text (mostly drawn). */
export const mutatedCase: fc.Arbitrary<HostileCase> = fc.oneof(brokenCase, retextedCase);

/**
 * A reproducible corpus: every hand-written case and `random` random mutations (seeded), for
 * suites that render a fixed list (the browser test) rather than run a property.
 */
export function hostileCorpus(random: number, seed = 20261126): HostileCase[] {
  return [...validCases(), ...namedCases(), ...fc.sample(mutatedCase, { numRuns: random, seed })];
}
