/** The data sets `rethink data download` knows: where they come from and their published checksums. */

/** Names accepted by `downloadDataSet` (and `rethink data download`). */
export type DownloadName = 'cifar10' | 'mnist' | 'fashion-mnist';

/** One file to fetch, with its published checksums (at least one of `md5` / `sha256`). */
export interface DataSourceFile {
  readonly name: string;
  readonly md5?: string;
  readonly sha256?: string;
  /** Published size in bytes, used for progress when the server sends no length. */
  readonly bytes?: number;
}

/** Where a downloadable data set comes from and what its cache directory holds when complete. */
export interface DataSource {
  readonly name: DownloadName;
  readonly title: string;
  /** Base URLs tried in order; a file's URL is the base followed by its name. */
  readonly mirrors: readonly string[];
  readonly files: readonly DataSourceFile[];
  /** `tar.gz`: unpack the (single) archive; `copy`: keep the files as they are. */
  readonly unpack: 'tar.gz' | 'copy';
  /** Leading path components dropped when unpacking. */
  readonly strip?: number;
  /** Files the cache directory holds once unpacked. */
  readonly provides: readonly string[];
  /** The `--dataset` name that reads the cache. */
  readonly dataset: string;
}

const IDX_FILES = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];

/**
 * The known sources. CIFAR-10: the official archive (SHA-256 and MD5 as published by its authors).
 * MNIST: the PyTorch and TensorFlow mirrors of Yann LeCun's files, with the MD5s torchvision publishes.
 * Fashion-MNIST: Zalando Research's repository and S3 bucket, with the MD5s of its README.
 *
 * @example
 * ```ts
 * import { DATA_SOURCES } from 'rethink/data';
 * console.log(DATA_SOURCES.cifar10.files[0]?.name); // cifar-10-binary.tar.gz
 * ```
 */
export const DATA_SOURCES: Readonly<Record<DownloadName, DataSource>> = {
  cifar10: {
    name: 'cifar10',
    title: 'CIFAR-10 (binary version)',
    mirrors: ['https://www.cs.toronto.edu/~kriz/'],
    files: [
      {
        name: 'cifar-10-binary.tar.gz',
        sha256: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd',
        md5: 'c32a1d4ab5d03f1284b67883e8d87530',
        bytes: 170_052_171,
      },
    ],
    unpack: 'tar.gz',
    strip: 1,
    provides: [
      'data_batch_1.bin',
      'data_batch_2.bin',
      'data_batch_3.bin',
      'data_batch_4.bin',
      'data_batch_5.bin',
      'test_batch.bin',
      'batches.meta.txt',
    ],
    dataset: 'cifar10',
  },
  mnist: {
    name: 'mnist',
    title: 'MNIST (60,000 + 10,000 digits)',
    mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/'],
    files: [
      { name: 'train-images-idx3-ubyte.gz', md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
      { name: 'train-labels-idx1-ubyte.gz', md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
      { name: 't10k-images-idx3-ubyte.gz', md5: '9fb629c4189551a2d022fa330f9573f3' },
      { name: 't10k-labels-idx1-ubyte.gz', md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
    ],
    unpack: 'copy',
    provides: IDX_FILES,
    dataset: 'mnist-full',
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST (60,000 + 10,000 articles)',
    mirrors: [
      'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
      'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    ],
    files: [
      { name: 'train-images-idx3-ubyte.gz', md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
      { name: 'train-labels-idx1-ubyte.gz', md5: '25c81989df183df01b3e8a0aad5dffbe' },
      { name: 't10k-images-idx3-ubyte.gz', md5: 'bef4ecab320f06d8554ea6380940ec79' },
      { name: 't10k-labels-idx1-ubyte.gz', md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
    ],
    unpack: 'copy',
    provides: IDX_FILES,
    dataset: 'fashion-mnist',
  },
};
