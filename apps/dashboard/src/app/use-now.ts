import { useEffect, useState } from 'react';

/** Wall-clock time that re-renders every `intervalMs` (ages, stale-data notices, mute countdown). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
