/** Where downloads, unpacked packages and run artefacts live: a gitignored folder, so a second run needs no network. */
import { join } from 'node:path';

export const CACHE_DIR = join(process.cwd(), '.cache', 'conformance');
export const DOWNLOADS_DIR = join(CACHE_DIR, 'downloads');
export const UNPACKED_DIR = join(CACHE_DIR, 'unpacked');
export const APT_DIR = join(CACHE_DIR, 'apt');
export const FAILURES_FILE = join(CACHE_DIR, 'failures.json');
export const SCHEMAS_DIR = join(CACHE_DIR, 'schemas');
/** Inputs the suite derives from pinned files (emptied PO catalogues); the folder names the recipe's version. */
export const DERIVED_DIR = join(CACHE_DIR, 'derived-v1');
export const REPORT_FILE = join(process.cwd(), 'docs', 'conformance.md');

/** A folder name for a pinned package: safe on every file system, distinct per version. */
export const folderName = (id: string): string => id.replace(/[^A-Za-z0-9.+_-]/g, '_');
