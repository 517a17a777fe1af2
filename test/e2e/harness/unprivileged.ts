/**
 * Permission tests (chmod 000) prove nothing as root: root reads any file whatever its mode. `node --test`
 * runs every test file in a process of its own, so a file that tests permissions calls this first and
 * the rest of that process runs as `nobody`, for whom modes apply. Files it creates must then be
 * writable by nobody: create them after this call (the OS temp dir is).
 */
export function dropRootPrivileges(uid = 65534, gid = 65534): void {
  if (process.getuid?.() !== 0 || !process.setuid || !process.setgid) return;
  process.setgroups?.([gid]);
  process.setgid(gid);
  process.setuid(uid);
}

/** Whether chmod restricts this process (false as root, before dropRootPrivileges). */
export function permissionsApply(): boolean {
  return process.getuid?.() !== 0;
}
