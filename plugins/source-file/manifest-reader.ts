import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { signatureOf } from './tree-scan.js';

/** What reading one file gave. */
export type ManifestRead =
  | { kind: 'text'; text: string; signature: string }
  /** It does not exist (any more). */
  | { kind: 'gone' }
  /** Over the size limit: not read at all. */
  | { kind: 'too-large'; size: number; signature: string }
  /** It exists but cannot be read (EACCES, EIO, …): worth retrying. */
  | { kind: 'failed'; code: string; message: string };

/**
 * Reads a file unless it is larger than `maxBytes`, which is decided by fstat before any byte is read,
 * and enforced again while reading (a file may grow between the two). A 50 MB file therefore costs one
 * stat, not 50 MB of memory and a parse that blocks the event loop.
 */
export async function readManifest(file: string, maxBytes: number): Promise<ManifestRead> {
  return readSmall(file, maxBytes) ?? readLarge(file, maxBytes);
}

/** Files up to this size are read synchronously: microseconds each, where four promise round trips cost far more. */
const SMALL_FILE_BYTES = 64 * 1024;

/**
 * A small file in one go (open, fstat, read, close without leaving the call): what nearly every manifest
 * is. Undefined when the file is larger, then read asynchronously; a read's failure is the answer too.
 */
function readSmall(file: string, maxBytes: number): ManifestRead | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    return failure(err);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { kind: 'gone' };
    const signature = signatureOf(st);
    if (st.size > maxBytes) return { kind: 'too-large', size: st.size, signature };
    if (st.size > SMALL_FILE_BYTES) return undefined;
    // One byte more than the file holds, so a file that grew since the stat is noticed.
    const buffer = Buffer.allocUnsafe(st.size + 1);
    let filled = 0;
    for (;;) {
      const wanted = buffer.length - filled;
      const n = readSync(fd, buffer, filled, wanted, filled);
      filled += n;
      if (filled === buffer.length) return undefined; // it grew: the careful path reads it
      if (n < wanted) break; // a short read of a regular file is its end
    }
    return { kind: 'text', text: buffer.toString('utf8', 0, filled), signature };
  } catch (err) {
    return failure(err);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Nothing to do about a failed close of a file only read.
    }
  }
}

async function readLarge(file: string, maxBytes: number): Promise<ManifestRead> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    return failure(err);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { kind: 'gone' };
    const signature = signatureOf(st);
    if (st.size > maxBytes) return { kind: 'too-large', size: st.size, signature };
    // Read at most one byte more than allowed, so growth past the limit (after the stat) is noticed
    // without reading further; growth below it is read in full.
    const chunks: Buffer[] = [];
    let length = 0;
    let chunk = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const wanted = chunk.length - filled;
      const { bytesRead } = await fh.read(chunk, filled, wanted, length + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (length + filled > maxBytes) return { kind: 'too-large', size: length + filled, signature };
      // A short read of a regular file is its end: no second read just to be told so.
      if (bytesRead < wanted) break;
      if (filled === chunk.length) {
        chunks.push(chunk);
        length += filled;
        chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - length));
        filled = 0;
      }
    }
    chunks.push(chunk.subarray(0, filled));
    const text = Buffer.concat(chunks, length + filled).toString('utf8');
    return { kind: 'text', text, signature };
  } catch (err) {
    return failure(err);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function failure(err: unknown): ManifestRead {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return { kind: 'gone' };
  if (e.code === 'EISDIR') return { kind: 'gone' };
  return { kind: 'failed', code: e.code ?? 'EUNKNOWN', message: e.message };
}
