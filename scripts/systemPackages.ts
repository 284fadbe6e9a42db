/**
 * The Debian packages the tests need beyond Node: Chromium (browser tests of the web page), Apertium
 * with its English-Spanish pair (the offline translation provider's contract tests), and for the conformance
 * suite GNU gettext and xmllint (its validators) and bzip2/xz (to unpack Debian source tarballs); systemd's
 * systemd-analyze checks the VM unit in deploy/systemd. `npm test` and `.ci/run` call this first. Missing
 * packages are installed when this runs as root with apt-get (a fresh CI machine or container); otherwise it
 * prints the one command to run and fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Requirement {
  package: string;
  present: () => boolean;
  why: string;
}

const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

const REQUIREMENTS: Requirement[] = [
  {
    package: 'chromium',
    present: () => existsSync('/usr/bin/chromium'),
    why: 'browser tests of the web page',
  },
  {
    package: 'apertium-apy',
    present: () => onPath('apertium-apy'),
    why: 'Apertium provider tests (APy server)',
  },
  {
    package: 'apertium-eng-spa',
    present: () => existsSync('/usr/share/apertium/modes/eng-spa.mode'),
    why: 'Apertium English-Spanish pair',
  },
  { package: 'gettext', present: () => onPath('msgfmt'), why: 'msgfmt judges PO files (conformance suite)' },
  {
    package: 'libxml2-utils',
    present: () => onPath('xmllint'),
    why: 'xmllint judges XLIFF files (conformance suite)',
  },
  { package: 'bzip2', present: () => onPath('bzip2'), why: 'unpacks Debian sources (conformance suite)' },
  { package: 'xz-utils', present: () => onPath('xz'), why: 'unpacks Debian sources (conformance suite)' },
  {
    package: 'python3-translate',
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import translate.storage.tmx']).status === 0,
    why: "translate-toolkit's TMX reader judges TMX exports",
  },
  {
    package: 'systemd',
    present: () => onPath('systemd-analyze'),
    why: 'systemd-analyze verify checks deploy/systemd (the unit is never started)',
  },
];

export function ensureSystemPackages(): void {
  const missing = REQUIREMENTS.filter((r) => !r.present());
  if (missing.length === 0) return;
  const names = missing.map((r) => r.package);
  const command = `apt-get update && apt-get install -y --no-install-recommends ${names.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !onPath('apt-get')) {
    console.error(
      `Missing system packages for the tests: ${missing.map((r) => `${r.package} (${r.why})`).join(', ')}.\n` +
        `Install them with: sudo ${command}`,
    );
    process.exit(1);
  }
  console.log(`Installing ${names.join(', ')} from Debian for the tests...`);
  const result = spawnSync('sh', ['-c', command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    console.error(`"${command}" failed (exit ${result.status}).`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? ''))
  ensureSystemPackages();
