/** Runs an external validator (msgfmt, msgcat, xmllint) with the file on standard input. */
import { spawn } from 'node:child_process';

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runTool(command: string, args: readonly string[], input: Buffer): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    // A validator may stop reading early (a fatal error on line 1): that is its verdict, not ours to fail on.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** The first lines of a tool's complaint, for the listing. */
export const firstLines = (text: string, lines = 3): string =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '' && !/warning: header field .* still has the initial default value/.test(l))
    .slice(0, lines)
    .join(' | ');
