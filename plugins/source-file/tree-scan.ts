import { access, readdir, stat } from 'node:fs/promises';
import { constants, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { forEachLimited } from './for-each-limited.js';
import { hasManifestExtension, isIgnoredName } from './path-filter.js';

/** Why the watched directory (or a directory in it) cannot be listed. */
export type DirectoryFault = { dir: string; state: 'missing' } | { dir: string; state: 'unreadable'; code: string; message: string };

/** A complete listing of the tree, made by isobar itself rather than from watcher events. */
export interface TreeScan {
  /** Every manifest file, with a signature that changes whenever its content or permissions may have. */
  files: Map<string, string>;
  /** Directories below the root that could not be listed; what was known under them is kept. */
  faults: DirectoryFault[];
}

/** Stats of a file reduced to what tells "may have changed": inode, size, mtime and ctime (chmod changes only ctime). */
export function signatureOf(st: Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/** Whether the root can be listed now; undefined when it can. */
export async function probeDirectory(dir: string): Promise<DirectoryFault | undefined> {
  try {
    if (!(await stat(dir)).isDirectory()) return { dir, state: 'missing' };
    // access() and not readdir(): a root with ten thousand entries is probed every poll.
    await access(dir, constants.R_OK | constants.X_OK);
    return undefined;
  } catch (err) {
    return faultOf(dir, err);
  }
}

/** Lists the manifest files under `root`; a root that cannot be listed is returned as a fault instead. */
export async function scanTree(root: string): Promise<TreeScan | DirectoryFault> {
  const rootFault = await probeDirectory(root);
  if (rootFault) return rootFault;
  const files = new Map<string, string>();
  const faults: DirectoryFault[] = [];
  const candidates: string[] = [];
  let rootFailure: DirectoryFault | undefined;
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      const fault = faultOf(dir, err);
      // A sub-directory removed since its parent was listed is simply gone; the root going away is the caller's business.
      if (dir === root) rootFailure = fault;
      else if (fault.state === 'unreadable') faults.push(fault);
      return;
    }
    const subdirs: string[] = [];
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) subdirs.push(full);
      else if ((e.isFile() || e.isSymbolicLink()) && hasManifestExtension(e.name)) candidates.push(full);
    }
    await forEachLimited(subdirs, 8, walk);
  };
  await walk(root);
  if (rootFailure) return rootFailure;
  // Synchronous stats, a thousand at a time between turns of the event loop: a stat is a few
  // microseconds, a promise round trip through the thread pool many times that on a busy process, and
  // a scan of ten thousand files must not take seconds.
  for (let i = 0; i < candidates.length; i++) {
    const file = candidates[i]!;
    try {
      const st = statSync(file, { throwIfNoEntry: false });
      if (st?.isFile()) files.set(file, signatureOf(st));
    } catch (err) {
      // Gone since the listing: simply not there. Unreadable: listed, so the reader reports it.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') files.set(file, `error:${(err as NodeJS.ErrnoException).code}`);
    }
    if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  return { files, faults: faults.sort((a, b) => (a.dir < b.dir ? -1 : 1)) };
}

export function isFault(scan: TreeScan | DirectoryFault): scan is DirectoryFault {
  return 'state' in scan;
}

function faultOf(dir: string, err: unknown): DirectoryFault {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return { dir, state: 'missing' };
  return { dir, state: 'unreadable', code: e.code ?? 'EUNKNOWN', message: e.message };
}
