import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import pLimit from 'p-limit';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(path);
      return Promise.resolve(entry.isFile() ? [path] : []);
    }),
  );
  return nested.flat();
}

export async function isLocalFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Uploads every file under `folder` to `container`, blob names relative to the folder with `/` separators. */
export async function uploadFolder(
  connectionString: string,
  folder: string,
  container: string,
): Promise<number> {
  const client = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container);
  await client.createIfNotExists();
  const files = await filesUnder(folder);
  const limit = pLimit(16);
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        const name = relative(folder, file).split(sep).join('/');
        const body = await readFile(file);
        await client.getBlockBlobClient(name).upload(body, body.length);
      }),
    ),
  );
  return files.length;
}

/** Downloads the given blobs into `outDir`, keeping their names as paths; refuses names that escape it. */
export async function downloadBlobs(
  connectionString: string,
  container: string,
  names: readonly string[],
  outDir: string,
): Promise<number> {
  const client = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container);
  const root = resolve(outDir);
  const limit = pLimit(16);
  await Promise.all(
    names.map((name) =>
      limit(async () => {
        const target = resolve(root, name);
        if (!target.startsWith(root + sep)) throw new Error(`Refusing to write "${name}" outside ${root}`);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, await client.getBlobClient(name).downloadToBuffer());
      }),
    ),
  );
  return names.length;
}
