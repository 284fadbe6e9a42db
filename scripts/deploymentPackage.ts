/**
 * What a deployment to Azure Functions uploads: the project folder minus what `.funcignore` leaves out (azd with
 * `remoteBuild: true` and `func azure functionapp publish --build remote` both read it), and the production
 * dependencies the remote build installs (with PRUNE_DEV_DEPENDENCIES, infra/bicep/main.bicep). `npm run
 * package:list` prints both; test/infra/deploymentPackage.test.ts checks that no dev-only tool is among them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `**` matches across `/`, `*` and `?` within one path segment; everything else literally. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i] ?? '';
    if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether gitignore-style patterns leave `path` out: `#` comments, `!` negation, a trailing `/` for directories,
 * `*`, `**` and `?` globs; a pattern with a `/` is anchored at the root, one without matches any path segment.
 */
export function ignoredBy(patterns: readonly string[], path: string): boolean {
  const segments = path.split('/');
  let ignored = false;
  for (const raw of patterns) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    let pattern = negated ? line.slice(1) : line;
    const directoryOnly = pattern.endsWith('/');
    pattern = pattern.replace(/^\/|\/$/g, '');
    const anchored = pattern.includes('/');
    const regex = globToRegExp(pattern);
    const matches = segments.some((segment, i) => {
      if (directoryOnly && i === segments.length - 1) return false;
      return regex.test(anchored ? segments.slice(0, i + 1).join('/') : segment);
    });
    if (matches) ignored = !negated;
  }
  return ignored;
}

export const readFuncignore = (root: string): string[] =>
  readFileSync(join(root, '.funcignore'), 'utf8').split('\n');

/**
 * Every file under `root` the upload would contain, as `/`-separated relative paths, sorted. A folder that is
 * left out is not entered (as with .gitignore, nothing inside it can be brought back).
 */
export function packageFiles(root: string): string[] {
  const patterns = readFuncignore(root);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = relative(root, join(dir, entry.name)).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!ignoredBy(patterns, `${path}/-`)) walk(join(dir, entry.name));
      } else if (!ignoredBy(patterns, path)) files.push(path);
    }
  };
  walk(root);
  return files.sort();
}

/** The packages a production install (`npm install --omit=dev`) of this project contains, by name. */
export function productionPackages(root: string): string[] {
  const parseable = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: root,
    encoding: 'utf8',
  });
  const names = parseable
    .split('\n')
    .filter((line) => line.includes(`${sep}node_modules${sep}`))
    .map((line) =>
      line
        .slice(line.lastIndexOf(`${sep}node_modules${sep}`) + 14)
        .split(sep)
        .join('/'),
    );
  return [...new Set(names)].sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = packageFiles(root);
  console.log(`Uploaded (${files.length} files; node_modules is installed by the remote build):`);
  for (const file of files) console.log(`  ${file}`);
  const packages = productionPackages(root);
  console.log(`\nProduction dependencies the remote build installs (${packages.length}):`);
  for (const name of packages) console.log(`  ${name}`);
}
