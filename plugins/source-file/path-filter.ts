import path from 'node:path';

/** Extensions of the files the source reads; everything else in the tree is ignored. */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Names editors and tools leave next to the files they save: vim's swap files and its `4913` write
 * probe, emacs backups (`file~`) and lock files (`.#file`), `*.tmp`/`*.swp` from rename-over saves,
 * and anything hidden (which also covers Kubernetes ConfigMap `..data` bookkeeping dirs).
 */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.endsWith('~') ||
    name === '4913' ||
    /\.(sw[a-p]|tmp|bak|orig|rej)$/i.test(name) ||
    /^#.*#$/.test(name)
  );
}

/** True when any segment of `relative` (a path inside the watched directory) is an ignored name. */
export function isIgnoredPath(relative: string): boolean {
  if (relative === '' || relative === '.') return false;
  return relative.split(/[\\/]/).some(isIgnoredName);
}

export function hasManifestExtension(file: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** A file the source should read: a manifest extension and no ignored segment below `root`. */
export function isManifestFile(root: string, file: string): boolean {
  return hasManifestExtension(file) && !isIgnoredPath(path.relative(root, file));
}
