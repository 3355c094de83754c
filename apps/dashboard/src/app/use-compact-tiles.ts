import { useCallback, useState } from 'react';

const KEY = 'vigil.compactTiles';

/** Tile density is a property of the screen, so it lives in localStorage (kept across logins). */
export function useCompactTiles(): [boolean, (on: boolean) => void] {
  const [compact, setState] = useState(() => {
    try {
      return globalThis.localStorage?.getItem(KEY) === '1';
    } catch {
      return false;
    }
  });
  const set = useCallback((on: boolean) => {
    setState(on);
    try {
      globalThis.localStorage?.setItem(KEY, on ? '1' : '0');
    } catch {
      /* not persisted */
    }
  }, []);
  return [compact, set];
}
