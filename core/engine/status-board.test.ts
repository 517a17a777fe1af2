import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { StatusBoard } from './status-board.js';

function recordingBoard(): { board: StatusBoard; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { board: new StatusBoard(pino({ level: 'info' }, stream)), lines };
}

const broken = { source: 'source-file', file: '/etc/isobar/a.yaml', line: 4, reason: 'YamlSyntax', message: 'YAML syntax error' };
const missingKind = { source: 'source-k8s', object: 'IngressRoute', severity: 'warning' as const, reason: 'KindNotServed', message: 'not served' };

describe('StatusBoard', () => {
  it('logs each source problem once, at its severity, naming the file and line', () => {
    const { board, lines } = recordingBoard();
    board.setProblems('source-file:/etc/isobar/a.yaml', [broken]);
    board.setProblems('source-k8s:IngressRoute', [missingKind]);
    assert.deepEqual(
      lines.map((l) => [l['level'], l['msg'], l['file'], l['line'], l['reason']]),
      [
        [50, '/etc/isobar/a.yaml:4: YAML syntax error', '/etc/isobar/a.yaml', 4, 'YamlSyntax'],
        [40, 'IngressRoute: not served', undefined, undefined, 'KindNotServed'],
      ],
    );
  });

  it('stays quiet while a problem is unchanged, logs it again when it changes, and once when it clears', () => {
    const { board, lines } = recordingBoard();
    board.setProblems('f', [broken]);
    board.setProblems('f', [{ ...broken }]);
    assert.equal(lines.length, 1);
    board.setProblems('f', [{ ...broken, line: 9 }]);
    assert.equal(lines.length, 2);
    assert.equal(lines[1]!['line'], 9);
    board.setProblems('f', []);
    board.setProblems('f', []);
    assert.deepEqual(lines.slice(2).map((l) => [l['level'], l['msg']]), [[30, 'f: problems cleared']]);
    assert.deepEqual(board.sourceProblems(), []);
  });
});
