/** Test support for commands with an injectable io: captured output, temp dirs, usage-error tables. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { CliCommand } from '../../../cli/cli-command.js';
import type { CommandIo } from '../../../cli/command-io.js';

export type CreateCommand = (io: CommandIo) => CliCommand;

/** A command whose standard output and error go to `io.stdout` and `io.stderr`. */
export function captured(create: CreateCommand): { io: { stdout: string; stderr: string }; command: CliCommand } {
  const io = { stdout: '', stderr: '' };
  const command = create({ out: (t) => (io.stdout += t), err: (t) => (io.stderr += t) });
  return { io, command };
}

/** A fresh directory, removed when the test ends. */
export function tempDir(t: { after(fn: () => void): void }, prefix = 'isobar-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One test per case: the arguments exit 2 with the message on stderr and nothing on stdout. */
export function itExitsWithUsageError(create: CreateCommand, cases: Array<[args: string[], message: RegExp]>): void {
  for (const [args, message] of cases) {
    it(`exits 2 for: ${JSON.stringify(args)}`, async () => {
      const { io, command } = captured(create);
      assert.equal(await command.run(args), 2);
      assert.match(io.stderr, message);
      assert.equal(io.stdout, '');
    });
  }
}
