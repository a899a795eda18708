import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { imageSet, type ImageSet } from './dataset.ts';
import { FormatError } from 'rethink/core';
import { statFile } from './_files.ts';
import {
  CIFAR_CLASSES,
  CIFAR_CLASS_NAMES,
  CIFAR_PIXELS,
  CIFAR_RECORD,
  CifarDecoder,
  cifarRecordCount,
} from './_cifar.ts';

/** Options of {@link readCifarFiles}. */
export interface ReadCifarFilesOptions {
  /** Class names (10). Default the CIFAR-10 names. */
  readonly classNames?: readonly string[];
  /** Records read and converted at a time (the only buffer besides the result). Default 1024 (≈ 3 MB). */
  readonly chunkRecords?: number;
}

/**
 * Reads CIFAR-10 binary batch files (e.g. `data_batch_1.bin` … `data_batch_5.bin`) into one uint8
 * {@link ImageSet} N × 32 × 32 × 3, channels last, in file order. Every file's size is checked first, the
 * result is allocated once, and the files are streamed through a small buffer, so memory stays near the
 * raw size of the pixels. Throws `NotFoundError` naming a missing file and `FormatError` naming the file
 * and byte offset for a truncated file or a label outside [0, 9].
 *
 * @example
 * ```ts
 * import { readCifarFiles } from 'rethink/data';
 * const set = await readCifarFiles(['fixtures/cifar10-tiny/test_batch.bin']);
 * console.log(set.n, set.height, set.width, set.channels); // 2 32 32 3
 * ```
 */
export async function readCifarFiles(paths: readonly string[], options: ReadCifarFilesOptions = {}): Promise<ImageSet> {
  const { classNames = CIFAR_CLASS_NAMES, chunkRecords = 1024 } = options;
  const counts: number[] = [];
  for (const path of paths)
    counts.push(cifarRecordCount('readCifarFiles', path, (await statFile('readCifarFiles', path)).size));
  const n = counts.reduce((a, b) => a + b, 0);
  const images = new Uint8Array(n * CIFAR_PIXELS);
  const labels = new Int32Array(n);
  const decoder = new CifarDecoder(images, labels);
  // Stryker disable next-line MethodExpression: the chunk size only bounds memory; any chunk of at least one record decodes the same images
  const chunk = Buffer.allocUnsafeSlow(Math.min(chunkRecords, Math.max(1, ...counts)) * CIFAR_RECORD);
  let at = 0;
  for (const [f, path] of paths.entries()) {
    const count = counts[f] as number;
    const handle = await open(path, 'r');
    try {
      for (let done = 0; done < count;) {
        const take = Math.min(count - done, chunk.length / CIFAR_RECORD);
        const position = done * CIFAR_RECORD;
        const { bytesRead } = await handle.read(chunk, 0, take * CIFAR_RECORD, position);
        /* v8 ignore if -- only a file that shrinks between stat and read gets here */
        if (bytesRead !== take * CIFAR_RECORD) {
          throw new FormatError(
            `readCifarFiles: ${path} ended at byte ${position + bytesRead} while being read (it shrank)`,
            {
              file: path,
              offset: position + bytesRead,
              field: 'size',
            },
          );
        }
        decoder.decode('readCifarFiles', path, chunk, take, at + done, position);
        done += take;
      }
    } finally {
      await handle.close();
    }
    at += count;
  }
  // Image i is record (i − the records of the files before its own) of its file, counted from 0.
  const origin = { files: paths.map((p) => basename(p)), file: new Uint16Array(n), record: new Uint32Array(n) };
  for (let f = 0, i = 0; f < counts.length; f++) {
    for (let r = 0; r < (counts[f] as number); r++, i++) {
      origin.file[i] = f;
      origin.record[i] = r;
    }
  }
  return imageSet({ images, labels, height: 32, width: 32, channels: 3, classes: CIFAR_CLASSES, classNames, origin });
}
