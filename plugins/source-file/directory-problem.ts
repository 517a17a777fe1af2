import type { SourceProblem } from '../../core/index.js';
import { SOURCE_ID } from './file-loader.js';
import type { DirectoryFault } from './tree-scan.js';

/** The /status problem for a directory that cannot be listed, naming it, the errno and what is served meanwhile. */
export function directoryProblem(fault: DirectoryFault, at: { root: string; started: boolean }): SourceProblem {
  const isRoot = fault.dir === at.root;
  const what = isRoot ? `directory ${fault.dir} (config sourceFile.directory)` : `directory ${fault.dir}`;
  const meanwhile = at.started
    ? `the last good config of its files stays served`
    : `nothing from it is served yet`;
  if (fault.state === 'missing') {
    const message = `${what} does not exist; ${meanwhile} until it is back (an existing empty directory serves nothing); watching for it`;
    return { source: SOURCE_ID, file: fault.dir, reason: 'DirectoryMissing', message };
  }
  const message = `cannot read ${what}: ${fault.code} (${fault.message}); ${meanwhile}; retrying until it can be read`;
  return { source: SOURCE_ID, file: fault.dir, reason: 'DirectoryUnreadable', message };
}
