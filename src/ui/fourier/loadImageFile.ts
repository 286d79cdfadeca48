import { checkFileFacts, checkImageBytes } from '../../fourier/upload';

/** A decoded user image, kept at most MAX_KEPT pixels a side (the view never needs more). */
export interface UploadedImage {
  name: string;
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

const MAX_KEPT = 1024;

/**
 * File → pixels, or a thrown Error whose message is shown as is. The header checks run before
 * createImageBitmap, so a 10,000×10,000 image is refused without allocating 400 MB.
 */
export async function loadImageFile(file: File): Promise<UploadedImage> {
  const facts = { name: file.name || 'pasted image', type: file.type, size: file.size };
  const early = checkFileFacts(facts);
  if (early) throw new Error(early);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const late = checkImageBytes(bytes, facts);
  if (late) throw new Error(late);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: file.type }));
  } catch {
    throw new Error(
      `"${facts.name}" could not be decoded as an image (damaged, or a format this browser cannot read).`,
    );
  }
  try {
    // Keep the centred square only, scaled down to MAX_KEPT: the view crops to a square anyway.
    const side = Math.min(bitmap.width, bitmap.height);
    const kept = Math.min(side, MAX_KEPT);
    const canvas = document.createElement('canvas');
    canvas.width = kept;
    canvas.height = kept;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('This browser gave no 2-D canvas to read the image.');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(
      bitmap,
      (bitmap.width - side) / 2,
      (bitmap.height - side) / 2,
      side,
      side,
      0,
      0,
      kept,
      kept,
    );
    const data = ctx.getImageData(0, 0, kept, kept).data;
    return { name: facts.name, width: kept, height: kept, rgba: new Uint8ClampedArray(data) };
  } finally {
    bitmap.close();
  }
}
