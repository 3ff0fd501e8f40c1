/**
 * Inputs travel to child processes as files: `inputs.json` (name → shape) beside one raw
 * little-endian float64 file per array, which Node and Python (numpy.fromfile) read alike.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inputs } from './workloads';

/** Writes `inputs` into `dir` (created if missing). */
export function writeInputs(dir: string, inputs: Inputs): void {
  mkdirSync(dir, { recursive: true });
  const manifest: Record<string, number[]> = {};
  for (const [name, { shape, data }] of Object.entries(inputs)) {
    manifest[name] = shape;
    writeFileSync(join(dir, `${name}.f64`), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  writeFileSync(join(dir, 'inputs.json'), JSON.stringify(manifest));
}

/** Reads the inputs that {@link writeInputs} wrote into `dir`. */
export function readInputs(dir: string): Inputs {
  const manifest = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8')) as Record<string, number[]>;
  const inputs: Inputs = {};
  for (const [name, shape] of Object.entries(manifest)) {
    const bytes = readFileSync(join(dir, `${name}.f64`));
    const data = new Float64Array(bytes.byteLength / 8);
    new Uint8Array(data.buffer).set(bytes);
    inputs[name] = { shape, data };
  }
  return inputs;
}
