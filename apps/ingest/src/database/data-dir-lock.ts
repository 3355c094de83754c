import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from '../common/startup-error';

/**
 * Takes the embedded database's directory for this process alone: PGlite has no locking of its own,
 * and two services writing one directory would corrupt it. The lock is a file made with O_EXCL that
 * names the holder's pid; a lock whose process is gone (a crash, a kill -9) is taken over.
 * Returns the release function (the file is removed only if it is still ours).
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'vigil.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new StartupError(
          `the data directory ${dataDir} is in use by another Vigil (pid ${holder}): stop it first, or give this one its own VIGIL_DATA_DIR (or a DATABASE_URL). If no Vigil runs, remove ${file}`,
        );
      }
      unlinkSync(file); // stale: its process is gone
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}
