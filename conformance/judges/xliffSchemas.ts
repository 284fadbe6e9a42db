/**
 * The OASIS XLIFF 1.2 (strict) and 2.0 schemas, as Symfony's Translation component ships them (Debian source
 * package `symfony`). Their import of the W3C xml.xsd is pointed at the local copy beside them, so xmllint
 * validates offline (`--nonet`).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../cache.js';

const SHIPPED = 'src/Symfony/Component/Translation/Resources/schemas';
export const XLIFF_1_2_SCHEMA = join(SCHEMAS_DIR, 'xliff-core-1.2-strict.xsd');
export const XLIFF_2_0_SCHEMA = join(SCHEMAS_DIR, 'xliff-core-2.0.xsd');

export function prepareXliffSchemas(symfonyDir: string): void {
  if (existsSync(XLIFF_1_2_SCHEMA) && existsSync(XLIFF_2_0_SCHEMA)) return;
  mkdirSync(SCHEMAS_DIR, { recursive: true });
  const local = join(SCHEMAS_DIR, 'xml.xsd');
  copyFileSync(join(symfonyDir, SHIPPED, 'xml.xsd'), local);
  for (const [name, target] of [
    ['xliff-core-1.2-strict.xsd', XLIFF_1_2_SCHEMA],
    ['xliff-core-2.0.xsd', XLIFF_2_0_SCHEMA],
  ] as const) {
    const text = readFileSync(join(symfonyDir, SHIPPED, name), 'utf8');
    const pointed = text.replace(
      /(namespace="http:\/\/www\.w3\.org\/XML\/1998\/namespace"\s+schemaLocation=")[^"]*"/,
      `$1${local}"`,
    );
    if (pointed === text) throw new Error(`${name}: the xml.xsd import was not found`);
    writeFileSync(target, pointed);
  }
}
