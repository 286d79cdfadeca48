/**
 * A recurrent model's weights as files the exported script loads with --init-from: `<id>.json`
 * (a tfjs weights manifest) beside `<id>.weights.bin` (float32, little-endian, in manifest
 * order), the same pair the Lab's "Download models (tfjs)" writes for the conv nets. The
 * recurrent nets are no tf.js LayersModel, so their variables are named here by role.
 */
import type { ExportedFile } from '../../engine/train/exportModels';
import type { RecurrentNetModel } from '../../sphere/recurrent/model';
import * as tf from '../../tfjs';

/** tf.js variable name (…_input_kernel, …_recurrent_k, …_head_bias) → the file's 'input/kernel'. */
const ROLE = /_(input|recurrent|head)_(kernel|k|bias)$/;

export function recurrentWeightName(variableName: string): string {
  const m = ROLE.exec(variableName);
  if (!m) throw new Error(`not a recurrent model's variable: ${variableName}`);
  return `${m[1]}/${m[2]}`;
}

export async function recurrentWeightFiles(id: string, model: RecurrentNetModel): Promise<ExportedFile[]> {
  const variables = model.variables();
  const values = await Promise.all(variables.map((v) => v.data() as Promise<Float32Array>));
  const bytes = new Uint8Array(values.reduce((n, v) => n + v.byteLength, 0));
  let at = 0;
  for (const v of values) {
    bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
    at += v.byteLength;
  }
  const weightsName = `${id}.weights.bin`;
  const json = {
    format: 'spherelab-recurrent',
    generatedBy: `SphereLab (TensorFlow.js ${tf.version_core})`,
    // The net's own settings, so a reader can tell which Net the weights fit.
    model: model.config,
    weightsManifest: [
      {
        paths: [weightsName],
        weights: variables.map((v) => ({
          name: recurrentWeightName(v.name),
          shape: v.shape,
          dtype: 'float32',
        })),
      },
    ],
  };
  return [
    { name: `${id}.json`, bytes: new TextEncoder().encode(JSON.stringify(json)) },
    { name: weightsName, bytes },
  ];
}
