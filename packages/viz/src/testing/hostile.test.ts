/**
 * Fuzzes the payload reader and the static pictures with hostile payloads: each one is either
 * refused by validatePayload (every problem with a JSON path) or drawn as a sane SVG — never a
 * throw, well-formed XML, only the SVG elements our pictures use, no script, no event handlers,
 * no javascript: URLs, finite sizes — and claims of huge arrays allocate nothing proportional.
 */
import { DOMParser, type Element as XmlElement, type Node as XmlNode } from '@xmldom/xmldom';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  escapeXml,
  GRAPH_MIME,
  layoutSize,
  MAX_LAYOUT_SIZE,
  MAX_PICTURE_WIDTH,
  MAX_TEXT_LENGTH,
  PayloadError,
  renderPayload,
  summaryText,
  TENSOR_MIME,
  validatePayload,
  type GraphPayload,
  type Payload,
  type TensorPayload,
} from '../index';
import { mutatedCase, namedCases, PWNED, validCases, type HostileCase } from './hostile';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Every element our pictures draw; anything else in the output was injected. */
const ELEMENTS = new Set(['svg', 'title', 'style', 'rect', 'g', 'text', 'line', 'path', 'image', 'defs', 'marker', 'circle', 'polyline']);
/** Attributes a browser resolves as URLs (attribute text elsewhere is inert). */
const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'style', 'fill', 'stroke', 'marker-end', 'marker-start', 'filter', 'clip-path', 'mask']);
const NUMERIC = new Set(['x', 'y', 'x1', 'x2', 'y1', 'y2', 'width', 'height', 'rx', 'refX', 'refY', 'markerWidth', 'markerHeight']);

/** Problems with an SVG picture, empty when it is sane. */
function svgProblems(svg: string): string[] {
  const problems: string[] = [];
  const bad = svg.match(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
  if (bad) problems.push(`character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML`);
  const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && problems.push(`XML ${level}: ${message}`)) }).parseFromString(svg, 'image/svg+xml');
  if (problems.length) return problems;
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg') return [`root is ${root?.localName}`];
  for (const side of ['width', 'height']) {
    const v = Number(root.getAttribute(side));
    if (!(Number.isFinite(v) && v > 0 && v <= (side === 'width' ? MAX_PICTURE_WIDTH : 1e5))) problems.push(`svg ${side}="${root.getAttribute(side)}"`);
  }
  const walk = (node: XmlNode) => {
    if (node.nodeType !== 1) return;
    const element = node as XmlElement;
    if (element.namespaceURI !== SVG_NS || !ELEMENTS.has(element.localName ?? '')) problems.push(`foreign element <${element.tagName}> (${element.namespaceURI})`);
    for (let i = 0; i < element.attributes.length; i++) {
      const { name, value } = element.attributes[i];
      if (/^on/i.test(name)) problems.push(`event handler ${name} on <${element.tagName}>`);
      if (URL_ATTRIBUTES.has(name) && /javascript:|url\(/i.test(value) && !/^url\(#[\w-]+\)$/.test(value)) problems.push(`URL in ${name}="${value.slice(0, 40)}" of <${element.tagName}>`);
      if (/(^|:)href$/.test(name) && !(element.localName === 'image' && value.startsWith('data:image/png;base64,'))) problems.push(`${name}="${value.slice(0, 40)}" on <${element.tagName}>`);
      if (NUMERIC.has(name) && !Number.isFinite(Number(value))) problems.push(`${name}="${value}" on <${element.tagName}>`);
      if (['d', 'transform', 'viewBox', 'points'].includes(name) && /NaN|Infinity/.test(value)) problems.push(`${name} with ${/NaN|Infinity/.exec(value)![0]} on <${element.tagName}>`);
    }
    if (element.localName === 'style' && /[<]|javascript|url\(/i.test(element.textContent ?? '')) problems.push('payload text inside <style>');
    for (let c = element.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(root);
  return problems;
}

/** Validates and draws one case; returns the problems found (empty = handled safely). */
function check(c: HostileCase): string[] {
  let payload: Payload;
  try {
    payload = validatePayload(c.mime, c.data);
  } catch (error) {
    if (!(error instanceof PayloadError)) return [`validatePayload threw ${String(error)}`];
    const pathless = error.problems.filter((p) => !/^(\/|\(root\))/.test(p));
    return pathless.length ? [`problems without a JSON path: ${pathless.join('; ').slice(0, 300)}`] : [];
  }
  try {
    summaryText(payload);
    return svgProblems(renderPayload(payload));
  } catch (error) {
    return [`render threw ${(error as Error).stack ?? String(error)}`.slice(0, 600)];
  }
}

const polluted = () => ({} as Record<string, unknown>).polluted !== undefined || (globalThis as Record<string, unknown>)[PWNED] !== undefined;

describe('hostile payloads: validatePayload and the static pictures', () => {
  it('draw every valid base payload as a sane SVG', () => {
    for (const c of validCases()) {
      expect(() => validatePayload(c.mime, c.data), c.label).not.toThrow();
      expect(check(c), c.label).toEqual([]);
    }
  });

  it('refuse or safely draw every hand-written hostile case', () => {
    const cases = namedCases();
    const failures = cases.map((c) => ({ label: c.label, problems: check(c) })).filter((f) => f.problems.length);
    expect(failures).toEqual([]);
    expect(polluted()).toBe(false);
    expect(cases.length).toBeGreaterThan(250);
  }, 30_000);

  it('refuse or safely draw random mutations of valid payloads (fast-check)', () => {
    let runs = 0;
    fc.assert(
      fc.property(mutatedCase, (c) => {
        runs++;
        expect(check(c), c.label).toEqual([]);
      }),
      { numRuns: 300, seed: 9 },
    );
    expect(runs).toBe(300);
    expect(polluted()).toBe(false);
  }, 30_000);
});

describe('hostile payloads: claimed sizes', () => {
  type Ctor = new (...args: unknown[]) => unknown;
  const names = ['Uint8Array', 'Float32Array', 'Float64Array', 'Int32Array', 'Uint8ClampedArray', 'ArrayBuffer'] as const;
  const originals = new Map<string, Ctor>();
  let largest = 0;
  let viz: typeof import('../index');

  beforeAll(async () => {
    // Count the elements of every typed array created, then load fresh copies of the modules so
    // their captured constructors are the counting ones.
    const g = globalThis as unknown as Record<string, Ctor>;
    for (const name of names) {
      const original = g[name];
      originals.set(name, original);
      g[name] = new Proxy(original, {
        construct(target, args, newTarget) {
          const [first] = args;
          const length = typeof first === 'number' ? first : (first as { length?: number })?.length ?? 0;
          largest = Math.max(largest, length);
          return Reflect.construct(target, args, newTarget === g[name] ? target : newTarget);
        },
      });
    }
    vi.resetModules();
    viz = await import('../index');
  });

  afterAll(() => {
    const g = globalThis as unknown as Record<string, Ctor>;
    for (const [name, original] of originals) g[name] = original;
  });

  it('refuse or draw claims of billions of elements without allocating for the claim', () => {
    const claims = namedCases().filter((c) => /claims|billion|2\^53|1e999/.test(c.label));
    expect(claims.length).toBeGreaterThan(8);
    for (const c of claims) {
      largest = 0;
      const started = performance.now();
      let drawn = false;
      try {
        const payload = viz.validatePayload(c.mime, c.data);
        viz.summaryText(payload);
        expect(svgProblems(viz.renderPayload(payload)), c.label).toEqual([]);
        drawn = true;
      } catch (error) {
        expect((error as Error).name, `${c.label}: ${String(error)}`).toBe('PayloadError');
      }
      expect(largest, `${c.label} (${drawn ? 'drawn' : 'refused'})`).toBeLessThan(100_000);
      expect(performance.now() - started, c.label).toBeLessThan(2000);
    }
  });
});

describe('hostile payloads: regressions found by the fuzzer', () => {
  const one = (label: string) => namedCases().find((c) => c.label === label)!;

  it('keeps graph ids such as __proto__ and toString away from dagre (it polluted Object.prototype)', () => {
    const c = one('graph ids are prototype names');
    const svg = renderPayload(validatePayload(c.mime, c.data));
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
    expect(svg).toContain('data-id="__proto__"');
    expect(svg.match(/class="node /g)).toHaveLength(5);
  });

  it('summarizes graphs too large to lay out instead of freezing (60-node complete graph: 89 s) or overflowing the stack (3000-node chain)', () => {
    for (const label of ['complete graph of 60', '3000-node chain']) {
      const c = one(label);
      const started = performance.now();
      const svg = renderPayload(validatePayload(c.mime, c.data));
      expect(performance.now() - started, label).toBeLessThan(1000);
      expect(svg).toMatch(/too many to lay out/);
      expect(svg).not.toContain('class="node ');
    }
    expect(layoutSize(validCases().find((c) => c.label === 'graph')!.data as GraphPayload)).toBeLessThan(MAX_LAYOUT_SIZE);
  });

  it('accepts a graph whose gradients were NaN or infinite (JSON turns them into null; the schema refused the whole graph)', () => {
    const graph = structuredClone(validCases().find((c) => c.label === 'graph')!.data) as GraphPayload;
    graph.nodes[1].grad = { norm: NaN, absMax: Infinity, mean: NaN };
    const svg = renderPayload(validatePayload(GRAPH_MIME, JSON.stringify(graph)));
    expect(svg).toContain('‖∇‖ –');
    expect(svgProblems(svg)).toEqual([]);
  });

  it('draws an empty graph with finite sizes (dagre reports -Infinity)', () => {
    expect(svgProblems(renderPayload(validatePayload(GRAPH_MIME, one('empty graph').data)))).toEqual([]);
  });

  it('keeps a line plot inside its axes when the stated range is NaN, infinite, reversed or a lie', () => {
    const line = validCases().find((c) => c.label === 'line')!;
    for (const [min, max] of [[NaN, Infinity], [1.5e16, 2], [-1e308, 1e308], [0.1, 0.2], [null, null]]) {
      const p = structuredClone(line.data) as TensorPayload;
      p.stats.min = min;
      p.stats.max = max;
      const d = /<path class="line" d="([^"]+)"/.exec(renderPayload(validatePayload(TENSOR_MIME, p)))![1];
      const ys = [...d.matchAll(/[ML][\d.-]+,([\d.e+-]+)/g)].map((m) => Number(m[1]));
      expect(ys.length, `${min}..${max}`).toBe(300);
      // the plot box spans y 70..210 (header, then 140 px)
      expect(Math.min(...ys), `${min}..${max}`).toBeGreaterThanOrEqual(70);
      expect(Math.max(...ys), `${min}..${max}`).toBeLessThanOrEqual(210);
    }
  });

  it('clips very long names: pictures stay within MAX_PICTURE_WIDTH, text within MAX_TEXT_LENGTH', () => {
    const c = namedCases().find((k) => k.label.startsWith('jacobian names "xxxx'))!;
    const svg = renderPayload(validatePayload(c.mime, c.data));
    expect(Number(/width="(\d+)"/.exec(svg)![1])).toBe(MAX_PICTURE_WIDTH);
    expect(Math.max(...[...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].length))).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
  });

  it('replaces characters XML cannot hold, so a control character in a name cannot break the picture', () => {
    expect(escapeXml('a\u0000b\u0008c\ud800d\uffff<')).toBe('a\ufffdb\ufffdc\ufffdd\ufffd&lt;');
    expect(escapeXml('tab\tnew\nline \u{1F600}')).toBe('tab\tnew\nline \u{1F600}');
  });

  it('refuses histograms of more than MAX_HISTOGRAM_BINS bins (300k bins overflowed the stack) and infinite sizes', () => {
    expect(() => validatePayload(TENSOR_MIME, one('histogram 300k bins').data)).toThrow(/\/stats\/histogram\/counts must NOT have more than 1024 items/);
    expect(() => validatePayload(TENSOR_MIME, one('dims 1e999 (JSON text)').data)).toThrow(/\/shape\/0 must be <= 9007199254740991/);
  });

  it('names a JSON path in the errors about the payload as a whole', () => {
    expect(() => validatePayload(TENSOR_MIME, 'null')).toThrow(/\(root\) must be a JSON object, got null/);
    expect(() => validatePayload(TENSOR_MIME, '{oops')).toThrow(/\(root\) is not valid JSON/);
    expect(() => validatePayload(TENSOR_MIME, one('version missing').data)).toThrow(/\/version: unsupported version undefined \(missing\)/);
  });
});
