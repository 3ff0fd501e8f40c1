/**
 * `validatePayload(mime, value)`: the one entry point both ends use to read a payload. Accepts the
 * JSON text (tslab sends `+json` data as a string) or the parsed object, checks it against the
 * JSON Schema, then checks what a schema cannot (array bytes vs shape, edges vs nodes).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { bytesPerElement } from './base64';
import { payloadSchemas } from './schema';
import {
  GRAPH_MIME,
  JACOBIAN_MIME,
  TENSOR_MIME,
  type JacobiMime,
  type Payload,
  type PayloadByMime,
  type TensorPayload,
} from './types';

/** Thrown when a payload fails validation; `problems` lists every issue found. */
export class PayloadError extends Error {
  constructor(
    readonly mime: string,
    readonly problems: string[],
  ) {
    super(`invalid ${mime} payload: ${problems.join('; ')}`);
    this.name = 'PayloadError';
  }
}

let compiled: Map<JacobiMime, ValidateFunction> | undefined;

function validators(): Map<JacobiMime, ValidateFunction> {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    compiled = new Map(
      (Object.keys(payloadSchemas) as JacobiMime[]).map((mime) => [mime, ajv.compile(payloadSchemas[mime])]),
    );
  }
  return compiled;
}

/** True if `mime` is one of the jacobi MIME types. */
export function isJacobiMime(mime: string): mime is JacobiMime {
  return mime === TENSOR_MIME || mime === JACOBIAN_MIME || mime === GRAPH_MIME;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  const allowed = error.params && 'allowedValues' in error.params ? ` ${JSON.stringify(error.params.allowedValues)}` : '';
  const extra = error.params && 'additionalProperty' in error.params ? ` '${error.params.additionalProperty}'` : '';
  return `${where} ${error.message ?? 'is invalid'}${allowed}${extra}`;
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** Base64 length (with padding) of `bytes` bytes. */
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

function checkTensor(t: TensorPayload, at: string, problems: string[]): void {
  const { values, sampling, shape } = t;
  if (values.shape.length !== shape.length) {
    problems.push(`${at}/values/shape ${fmt(values.shape)} must have the rank of shape ${fmt(shape)}`);
  }
  if (sampling.step.length !== shape.length) {
    problems.push(`${at}/sampling/step has ${sampling.step.length} entries for rank ${shape.length}`);
  } else {
    shape.forEach((n, a) => {
      const expected = Math.ceil(n / sampling.step[a]);
      if (values.shape[a] !== expected) {
        problems.push(`${at}/values/shape[${a}] is ${values.shape[a]} but shape ${n} with step ${sampling.step[a]} gives ${expected}`);
      }
    });
  }
  const bytes = product(values.shape) * bytesPerElement(values.dtype);
  if (values.data.length !== base64Length(bytes)) {
    problems.push(`${at}/values/data has ${values.data.length} base64 characters; ${values.dtype} ${fmt(values.shape)} needs ${base64Length(bytes)}`);
  }
  if (t.stats.count !== product(shape)) {
    problems.push(`${at}/stats/count is ${t.stats.count} but shape ${fmt(shape)} has ${product(shape)} elements`);
  }
}

function semanticProblems(payload: Payload): string[] {
  const problems: string[] = [];
  switch (payload.kind) {
    case 'tensor':
      checkTensor(payload, '', problems);
      break;
    case 'jacobian': {
      const m = product(payload.outputShape);
      const n = product(payload.inputShape);
      checkTensor(payload.matrix, '/matrix', problems);
      if (payload.matrix.shape.length !== 2 || payload.matrix.shape[0] !== m || payload.matrix.shape[1] !== n) {
        problems.push(`/matrix/shape ${fmt(payload.matrix.shape)} must be [${m}, ${n}] for output ${fmt(payload.outputShape)} and input ${fmt(payload.inputShape)}`);
      }
      if (payload.outputNames && payload.outputNames.length !== m) problems.push(`/outputNames has ${payload.outputNames.length} names for ${m} outputs`);
      if (payload.inputNames && payload.inputNames.length !== n) problems.push(`/inputNames has ${payload.inputNames.length} names for ${n} inputs`);
      break;
    }
    case 'graph': {
      const ids = new Set<string>();
      for (const node of payload.nodes) {
        if (ids.has(node.id)) problems.push(`/nodes: duplicate id '${node.id}'`);
        ids.add(node.id);
      }
      payload.edges.forEach((e, i) => {
        if (!ids.has(e.from)) problems.push(`/edges/${i}/from names unknown node '${e.from}'`);
        if (!ids.has(e.to)) problems.push(`/edges/${i}/to names unknown node '${e.to}'`);
      });
      payload.highlight?.forEach((id, i) => {
        if (!ids.has(id)) problems.push(`/highlight/${i} names unknown node '${id}'`);
      });
      break;
    }
    case 'chain-plan':
      if (!payload.strategies.some((s) => s.name === payload.best)) {
        problems.push(`/best '${payload.best}' is not one of the strategies`);
      }
      break;
    case 'memory-report':
      break;
  }
  return problems;
}

/**
 * Validates a payload for `mime` and returns it typed. `value` may be the JSON text or the parsed
 * object. Throws a {@link PayloadError} naming every problem (path and reason) otherwise.
 */
export function validatePayload<M extends JacobiMime>(mime: M, value: unknown): PayloadByMime[M];
export function validatePayload(mime: string, value: unknown): Payload;
export function validatePayload(mime: string, value: unknown): Payload {
  if (!isJacobiMime(mime)) throw new PayloadError(mime, [`(root) has an unknown MIME type; expected one of ${TENSOR_MIME}, ${JACOBIAN_MIME}, ${GRAPH_MIME}`]);
  let data = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch (e) {
      throw new PayloadError(mime, [`(root) is not valid JSON (${(e as Error).message})`]);
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new PayloadError(mime, [`(root) must be a JSON object, got ${Array.isArray(data) ? 'an array' : data === null ? 'null' : typeof data}`]);
  }
  const version = (data as { version?: unknown }).version;
  if (version !== 1) throw new PayloadError(mime, [`/version: unsupported version ${JSON.stringify(version) ?? 'undefined (missing)'}; this reader understands version 1`]);
  const check = validators().get(mime)!;
  if (!check(data)) throw new PayloadError(mime, (check.errors ?? []).map(describe));
  const problems = semanticProblems(data as Payload);
  if (problems.length) throw new PayloadError(mime, problems);
  return data as Payload;
}
