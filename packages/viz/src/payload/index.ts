/** The jacobi payload format: types, JSON Schema, validation and base64 array encoding. */
export * from './types';
export { payloadSchemas, MAX_HISTOGRAM_BINS } from './schema';
export { validatePayload, isJacobiMime, PayloadError } from './validate';
export { bytesToBase64, base64ToBytes, encodeArray, decodeArray, bytesPerElement, type WireArray } from './base64';
export {
  computeStats,
  displaySteps,
  downsample,
  tensorPayload,
  jacobianPayload,
  DEFAULT_TENSOR_DISPLAY,
  DEFAULT_JACOBIAN_DISPLAY,
  HISTOGRAM_BINS,
  type TensorPayloadOptions,
  type JacobianPayloadOptions,
} from './build';
