// Debian's packages for the project's own scripts: what a fresh machine lacks, installed by name.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Whether this is a Debian-like system whose packages can be installed with apt-get. */
export const hasAptGet = () => process.platform === 'linux' && existsSync('/usr/bin/apt-get');

/** Runs apt-get as root (directly, or through `sudo -n` when not root). Output goes to stderr. */
export function aptGet(args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', NEEDRESTART_MODE: 'a' };
  const full = ['-o', 'DPkg::Lock::Timeout=600', ...args];
  let cmd = 'apt-get';
  let argv = full;
  if (!isRoot()) {
    const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    if (sudo.error || sudo.status !== 0) throw new Error(`apt-get ${args.join(' ')}: not root and no password-less sudo`);
    cmd = 'sudo';
    argv = ['-n', '--preserve-env=DEBIAN_FRONTEND,NEEDRESTART_MODE', 'apt-get', ...full];
  }
  const r = spawnSync(cmd, argv, { env, stdio: ['ignore', process.stderr, process.stderr] });
  if (r.error) throw new Error(`apt-get ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

/** Installs Debian packages (after `apt-get update`, which a fresh machine needs before anything). */
export function aptInstall(...packages) {
  aptGet(['update']);
  aptGet(['install', '-y', ...packages]);
}
