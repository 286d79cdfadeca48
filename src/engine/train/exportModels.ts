import * as tf from '../../tfjs';
import type { EngineModel } from './models';

export interface ExportedFile {
  name: string;
  bytes: Uint8Array;
}

/** Models that can be saved: those built as a tf.LayersModel (the conv families, not the recurrent one). */
export function exportable(models: { model: EngineModel }[]): boolean {
  return models.every(({ model }) => model.layersModel !== undefined);
}

/** Saves each model in the standard tfjs LayersModel format: `<id>.json` + `<id>.weights.bin`. */
export async function exportModels(
  models: { id: string; model: EngineModel }[],
): Promise<{ id: string; files: ExportedFile[] }[]> {
  const out: { id: string; files: ExportedFile[] }[] = [];
  for (const { id, model } of models) {
    let files: ExportedFile[] = [];
    const layers = model.layersModel?.();
    if (!layers) throw new Error(`Model ${id} is not a tf.LayersModel: it has no tfjs format to save.`);
    await layers.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weightsName = `${id}.weights.bin`;
        const json = {
          format: 'layers-model',
          generatedBy: `SphereLab (TensorFlow.js ${tf.version_core})`,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [weightsName], weights: artifacts.weightSpecs }],
        };
        const weights = artifacts.weightData as ArrayBuffer;
        files = [
          { name: `${id}.json`, bytes: new TextEncoder().encode(JSON.stringify(json)) },
          { name: weightsName, bytes: new Uint8Array(weights.slice(0)) },
        ];
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    out.push({ id, files });
  }
  return out;
}
