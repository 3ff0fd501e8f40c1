/**
 * JSON Schema (draft-07) of every jacobi payload. `validate.ts` compiles these with ajv and adds
 * the checks a schema cannot express (base64 length matches the shape, edges name real nodes).
 * The TypeScript types in `types.ts` describe the same shapes.
 */
import { GRAPH_MIME, JACOBIAN_MIME, PAYLOAD_VERSION, TENSOR_MIME, type JacobiMime } from './types';

/** Largest exact integer: larger (or infinite, e.g. JSON `1e999`) sizes and counts are refused. */
const maxInteger = Number.MAX_SAFE_INTEGER;
const dims = { type: 'array', items: { type: 'integer', minimum: 0, maximum: maxInteger } } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const count = { type: 'integer', minimum: 0, maximum: maxInteger } as const;
/** Histograms have a few dozen bins; a renderer draws one bar per bin. */
export const MAX_HISTOGRAM_BINS = 1024;
const nullableNumber = { type: ['number', 'null'] } as const;
const version = { const: PAYLOAD_VERSION } as const;
const title = { type: 'string' } as const;

/** Shared definitions referenced with `#/definitions/...`. */
const definitions = {
  encodedArray: {
    type: 'object',
    required: ['dtype', 'shape', 'data'],
    additionalProperties: false,
    properties: {
      dtype: { enum: ['float32', 'float64', 'int32', 'uint8'] },
      shape: dims,
      data: { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$' },
    },
  },
  stats: {
    type: 'object',
    required: ['count', 'min', 'max', 'mean', 'std', 'nanCount', 'posInfCount', 'negInfCount', 'absMax', 'histogram'],
    additionalProperties: false,
    properties: {
      count,
      min: nullableNumber,
      max: nullableNumber,
      mean: nullableNumber,
      std: nullableNumber,
      absMax: nullableNumber,
      nanCount: count,
      posInfCount: count,
      negInfCount: count,
      histogram: {
        type: 'object',
        required: ['lo', 'hi', 'counts'],
        additionalProperties: false,
        properties: { lo: { type: 'number' }, hi: { type: 'number' }, counts: { type: 'array', items: count, maxItems: MAX_HISTOGRAM_BINS } },
      },
    },
  },
  tensor: {
    type: 'object',
    required: ['version', 'kind', 'shape', 'dtype', 'stats', 'values', 'sampling'],
    additionalProperties: false,
    properties: {
      version,
      kind: { const: 'tensor' },
      name: { type: 'string' },
      shape: dims,
      dtype: { type: 'string' },
      stats: { $ref: '#/definitions/stats' },
      values: { $ref: '#/definitions/encodedArray' },
      sampling: {
        type: 'object',
        required: ['method', 'step'],
        additionalProperties: false,
        properties: {
          method: { enum: ['exact', 'stride', 'maxabs', 'mean'] },
          step: { type: 'array', items: { type: 'integer', minimum: 1, maximum: maxInteger } },
        },
      },
    },
  },
  jacobian: {
    type: 'object',
    required: ['version', 'kind', 'functionName', 'inputName', 'inputShape', 'outputShape', 'matrix'],
    additionalProperties: false,
    properties: {
      version,
      kind: { const: 'jacobian' },
      functionName: { type: 'string' },
      inputName: { type: 'string' },
      inputShape: dims,
      outputShape: dims,
      outputNames: { type: 'array', items: { type: 'string' } },
      inputNames: { type: 'array', items: { type: 'string' } },
      mode: { enum: ['forward', 'reverse'] },
      matrix: { $ref: '#/definitions/tensor' },
    },
  },
  graph: {
    type: 'object',
    required: ['version', 'kind', 'nodes', 'edges'],
    additionalProperties: false,
    properties: {
      version,
      kind: { const: 'graph' },
      title,
      nodes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'role', 'label', 'shape', 'dtype'],
          additionalProperties: false,
          properties: {
            id: { type: 'string' },
            role: { enum: ['op', 'input', 'param', 'constant', 'output'] },
            label: { type: 'string' },
            shape: dims,
            dtype: { type: 'string' },
            requiresGrad: { type: 'boolean' },
            savedBytes: nonNegative,
            grad: {
              type: 'object',
              required: ['norm', 'absMax', 'mean'],
              additionalProperties: false,
              // null: a NaN or infinite gradient, which JSON cannot carry
              properties: { norm: nullableNumber, absMax: nullableNumber, mean: nullableNumber },
            },
          },
        },
      },
      edges: {
        type: 'array',
        items: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { from: { type: 'string' }, to: { type: 'string' } },
        },
      },
      highlight: { type: 'array', items: { type: 'string' } },
      totals: {
        type: 'object',
        required: ['nodes', 'savedBytes'],
        additionalProperties: false,
        properties: { nodes: count, savedBytes: nonNegative, multiplyAdds: nonNegative },
      },
    },
  },
  chainPlan: {
    type: 'object',
    required: ['version', 'kind', 'links', 'strategies', 'best', 'memoryUnit'],
    additionalProperties: false,
    properties: {
      version,
      kind: { const: 'chain-plan' },
      title,
      links: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'shape', 'diagonal'],
          additionalProperties: false,
          properties: {
            name: { type: 'string' },
            shape: { type: 'array', items: count, minItems: 2, maxItems: 2 },
            diagonal: { type: 'boolean' },
          },
        },
      },
      strategies: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['name', 'multiplyAdds', 'peakMemory', 'order'],
          additionalProperties: false,
          properties: { name: { type: 'string' }, multiplyAdds: nonNegative, peakMemory: nonNegative, order: { type: 'string' } },
        },
      },
      best: { type: 'string' },
      memoryUnit: { enum: ['bytes', 'elements'] },
    },
  },
  memoryReport: {
    type: 'object',
    required: ['version', 'kind', 'rows', 'totals'],
    additionalProperties: false,
    properties: {
      version,
      kind: { const: 'memory-report' },
      title,
      rows: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'heldBytes', 'jacobianBytes'],
          additionalProperties: false,
          properties: { name: { type: 'string' }, heldBytes: nonNegative, jacobianBytes: nonNegative },
        },
      },
      totals: {
        type: 'object',
        required: ['heldBytes', 'jacobianBytes'],
        additionalProperties: false,
        properties: { heldBytes: nonNegative, jacobianBytes: nonNegative },
      },
    },
  },
} as const;

function rooted(ref: string): object {
  return { $schema: 'http://json-schema.org/draft-07/schema#', definitions, $ref: `#/definitions/${ref}` };
}

/**
 * The JSON Schema of each MIME type's payload (self-contained documents). The graph MIME type
 * accepts a backward graph, a chain-plan or a memory report, told apart by `kind`.
 */
export const payloadSchemas: Readonly<Record<JacobiMime, object>> = {
  [TENSOR_MIME]: rooted('tensor'),
  [JACOBIAN_MIME]: rooted('jacobian'),
  [GRAPH_MIME]: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    definitions,
    type: 'object',
    required: ['kind'],
    properties: { kind: { enum: ['graph', 'chain-plan', 'memory-report'] } },
    if: { properties: { kind: { const: 'graph' } } },
    then: { $ref: '#/definitions/graph' },
    else: {
      if: { properties: { kind: { const: 'chain-plan' } } },
      then: { $ref: '#/definitions/chainPlan' },
      else: { $ref: '#/definitions/memoryReport' },
    },
  },
};
