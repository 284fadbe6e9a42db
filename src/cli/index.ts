#!/usr/bin/env node
/** `batch-translate` entry point: see program.ts for the commands. */
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stdout.isTTY),
});
process.exitCode = code;
