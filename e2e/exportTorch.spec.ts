import { expect, test } from '@playwright/test';
import { openLab, watchErrors } from './helpers';

test('Export as PyTorch downloads experiment.py made from the Lab’s settings', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page, 'width=8&op=cosine&norm=bn&loss=ga-softmax&m=2&bs=16&backend=wasm', 'wasm');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as PyTorch' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('experiment.py');
  const text = Buffer.concat(await (await file.createReadStream()).toArray()).toString();
  const lines = text.split('\n');
  expect(lines[0]).toBe('#!/usr/bin/env python3');
  expect(lines[1]).toContain('SphereLab experiment, exported as PyTorch');
  expect(text).toContain('Lab link: ?view=lab&op=cosine&norm=bn&loss=ga-softmax&m=2&bs=16&width=8');
  expect(text).toMatch(/^OPERATOR = 'cosine' {2}# op=cosine/m);
  expect(text).toMatch(/^WIDTH = 8 {2}# width=8/m);
  expect(text).toContain('import torch');
  expect(text).toMatch(/^if __name__ == '__main__':$/m);
  expect(errors).toEqual([]);
});
