/** `npm run bench`'s options (see bench/run.ts for the list). */
import { EMULATOR_KINDS, type EmulatorKind } from './storage.js';

export const args = process.argv.slice(2);

/** The value of `--name=value`, if given. */
export const option = (name: string): string | undefined =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/** `--name=1,2,3` as numbers, or `fallback`. */
export const numbers = (name: string, fallback: number[]): number[] =>
  option(name)?.split(',').map(Number) ?? fallback;

function emulatorNamed(flag: string, name: string): EmulatorKind {
  const kind = EMULATOR_KINDS.find((k) => k === name);
  if (!kind) throw new Error(`${flag}: one of ${EMULATOR_KINDS.join(', ')}, not ${name}`);
  return kind;
}

/** `--name=KIND,...` as emulator kinds, or `fallback`'s. */
export const emulators = (name: string, fallback: string): EmulatorKind[] =>
  (option(name) ?? fallback).split(',').map((kind) => emulatorNamed(`--${name}`, kind));

export function scaleEmulator(): EmulatorKind {
  if (args.includes('--scale-split-emulator')) return 'split-mariadb';
  return emulatorNamed('--scale-emulator', option('scale-emulator') ?? 'in-memory');
}

/** The emulators §7 times besides the in-memory one: split-mariadb and release unless named (none with in-memory-only). */
export const estimateEmulators = (): EmulatorKind[] =>
  args.includes('--estimate-in-memory-only') ? [] : emulators('estimate-emulators', 'split-mariadb,release');
