import { deflateSync } from 'node:zlib';
import { expect, type Page, test } from '@playwright/test';
import { watchErrors } from './helpers';

/** A real RGB PNG made here (no fixture files): a colour gradient with a square, width×height. */
function makePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inSquare = x > width / 3 && x < (2 * width) / 3 && y > height / 3 && y < (2 * height) / 3;
      const at = y * (width * 3 + 1) + 1 + x * 3;
      raw[at] = inSquare ? 255 : (255 * x) / width;
      raw[at + 1] = inSquare ? 255 : (255 * y) / height;
      raw[at + 2] = inSquare ? 0 : 128;
    }
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Just the signature and header of a 10,000×10,000 PNG: enough for the size check to refuse it. */
function hugePngHeader(): Buffer {
  const png = makePng(1, 1);
  png.writeUInt32BE(10_000, 16);
  png.writeUInt32BE(10_000, 20);
  return png.subarray(0, 33);
}

/** True when a canvas has been drawn with more than one colour. */
async function canvasHasContent(page: Page, testId: string): Promise<boolean> {
  return page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
      if (!d || c.width < 2) return false;
      for (let i = 4; i < d.length; i += 4)
        if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return true;
      return false;
    });
}

/** The Fourier view itself (the header's classroom panel lists the same field labels). */
const view = (page: Page) => page.locator('section.fourier-view');

async function openFourier(page: Page, query = ''): Promise<void> {
  await page.goto(`/?view=fourier${query}`);
  await expect(page.getByTestId('fourier-timing')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('fourier-results')).toHaveAttribute('aria-busy', 'false');
}

test('renders every panel with the default images, with measured similarities', async ({ page }) => {
  const errors = watchErrors(page);
  await openFourier(page);
  for (const slot of ['A', 'B']) {
    for (const kind of ['image', 'magnitude', 'phase']) {
      expect(await canvasHasContent(page, `panel-${kind}-${slot}`), `${kind} ${slot}`).toBe(true);
    }
  }
  for (const i of [0, 1]) {
    expect(await canvasHasContent(page, `result-${i}`)).toBe(true);
    for (const m of ['corr-A', 'corr-B', 'ssim-A', 'ssim-B']) {
      await expect(page.getByTestId(`result-${i}-${m}`)).toHaveText(/^-?\d\.\d{3}$/);
    }
  }
  // Each swap is measured closer to its phase donor: |F_A|·∠F_B to B, |F_B|·∠F_A to A.
  const num = async (id: string) => Number(await page.getByTestId(id).textContent());
  expect(await num('result-0-corr-B')).toBeGreaterThan(await num('result-0-corr-A'));
  expect(await num('result-1-corr-A')).toBeGreaterThan(await num('result-1-corr-B'));
  const controls = [
    ['combobox', 'Image A'],
    ['combobox', 'Image B'],
    ['combobox', 'Mode'],
    ['combobox', 'Size'],
    ['slider', 'Mix α'],
    ['combobox', 'Colour mode'],
    ['combobox', 'FFT engine'],
    ['button', 'Upload image A'],
    ['button', 'Upload image B'],
  ] as const;
  for (const [role, name] of controls)
    await expect(view(page).getByRole(role, { name, exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test('modes, size, colour and α switch and go into the link', async ({ page }) => {
  const errors = watchErrors(page);
  await openFourier(page, '&size=64');
  const results = page.getByTestId('fourier-results');
  await expect(view(page).getByLabel('Mix α', { exact: true })).toBeDisabled();
  await view(page).getByLabel('Mode', { exact: true }).selectOption('mix');
  await expect(view(page).getByLabel('Mix α', { exact: true })).toBeEnabled();
  await view(page).getByLabel('Mix α', { exact: true }).fill('0.25');
  await expect(results).toContainText('Phase mix α = 0.25');
  await expect(page).toHaveURL(/mode=mix/);
  await expect(page).toHaveURL(/alpha=0\.25/);
  await view(page).getByLabel('Mode', { exact: true }).selectOption('phase');
  await expect(results).toContainText('Phase of A only');
  await view(page).getByLabel('Mode', { exact: true }).selectOption('magnitude');
  await expect(results).toContainText('Magnitude of B only');
  await expect(page).toHaveURL(/mode=magnitude/);
  await view(page).getByLabel('Colour mode', { exact: true }).selectOption('gray');
  await expect(page).toHaveURL(/colour=gray/);
  await expect(page.getByTestId('fourier-timing')).toContainText('grayscale');
  await view(page).getByLabel('Size', { exact: true }).selectOption('128');
  await expect(page.getByTestId('fourier-timing')).toContainText('128×128');
  await view(page).getByLabel('Mode', { exact: true }).selectOption('swap');
  await expect(results).toContainText('|F_A| · e^(i∠F_B)');
  expect(errors).toEqual([]);
});

test('a generated PNG uploads, drops and pastes; an MNIST digit loads by index', async ({ page }) => {
  const errors = watchErrors(page);
  await openFourier(page, '&size=128');
  await page
    .getByTestId('upload-A')
    .setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: makePng(300, 200) });
  await expect(page.getByTestId('panel-image-A')).toContainText('uploaded: gradient.png');
  await expect(view(page).getByRole('combobox', { name: 'Image A', exact: true })).toHaveValue('upload');
  expect(await canvasHasContent(page, 'panel-image-A')).toBe(true);

  const png = [...makePng(64, 64)];
  for (const how of ['drop', 'paste'] as const) {
    await page.evaluate(
      ({ bytes, how }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], `${how}.png`, { type: 'image/png' }));
        if (how === 'drop') {
          document
            .querySelector('[data-testid="input-B"]')
            ?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        } else {
          window.dispatchEvent(
            new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
          );
        }
      },
      { bytes: png, how },
    );
    // The drop went to B; a paste goes to the input used last (B, after the drop).
    await expect(page.getByTestId('panel-image-B')).toContainText(`uploaded: ${how}.png`);
  }

  await view(page).getByRole('combobox', { name: 'Image A', exact: true }).selectOption('digit');
  await expect(page).toHaveURL(/a=digit-0/);
  await view(page).getByLabel('Digit index A', { exact: true }).fill('7');
  await expect(page.getByTestId('panel-image-A')).toContainText(/MNIST digit 7 \(label \d\)/, {
    timeout: 30_000,
  });
  await expect(page).toHaveURL(/a=digit-7/);
  expect(errors).toEqual([]);
});

test('bad uploads give a clear error and the view keeps working', async ({ page }) => {
  const errors = watchErrors(page);
  await openFourier(page, '&size=64');
  const upload = page.getByTestId('upload-A');
  const error = page.getByTestId('upload-error-A');
  await upload.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(error).toContainText('"notes.txt" is not an image');
  await upload.setInputFiles({ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
  await expect(error).toContainText('"empty.png" is empty (0 bytes)');
  await upload.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: hugePngHeader() });
  await expect(error).toContainText('"huge.png" is 10000×10000 pixels, too large');
  await upload.setInputFiles({
    name: 'fake.png',
    mimeType: 'image/png',
    buffer: Buffer.from('<html>404</html>'),
  });
  await expect(error).toContainText('not an image this page can read');
  // A PNG header over broken pixel data passes the checks and fails in the decoder.
  await upload.setInputFiles({
    name: 'broken.png',
    mimeType: 'image/png',
    buffer: makePng(8, 8).subarray(0, 40),
  });
  await expect(error).toContainText('"broken.png" could not be decoded');
  // Still the built-in image, still computing.
  await expect(page.getByTestId('panel-image-A')).toContainText('built-in sample');
  await view(page).getByRole('combobox', { name: 'Image A', exact: true }).selectOption('rings');
  await expect(error).toHaveCount(0);
  await expect(page).toHaveURL(/a=rings/);
  await expect(page.getByTestId('fourier-results')).toHaveAttribute('aria-busy', 'false');
  expect(errors).toEqual([]);
});

test('the tf.js engine gives the same verdict as fft.js', async ({ page }) => {
  const errors = watchErrors(page);
  await openFourier(page, '&size=64');
  const before = await page.getByTestId('result-0-corr-B').textContent();
  await view(page).getByLabel('FFT engine', { exact: true }).selectOption('tf');
  await expect(page.getByTestId('fourier-timing')).toContainText(/with tf\.js (webgpu|webgl|cpu)/, {
    timeout: 90_000,
  });
  // Float32 on another backend: the same numbers to the shown three decimals (±1 in the last).
  const after = await page.getByTestId('result-0-corr-B').textContent();
  expect(Math.abs(Number(after) - Number(before))).toBeLessThanOrEqual(0.0015);
  expect(errors).toEqual([]);
});
