import type { Alert, SilenceKind } from '@vigil/contracts';
import type { BedTileModel } from '../ward/bed-tiles';
import { BedTile } from './bed-tile';

/** The wall-screen grid: one tile per bed, urgent beds first. */
export function WardOverview({ tiles, now, loading, compact = false, offlineReason = null, onOpenPatient, silenced, gates }: { tiles: BedTileModel[]; now: number; loading: boolean; compact?: boolean; offlineReason?: string | null; onOpenPatient(id: string): void; silenced?: ReadonlyMap<string, SilenceKind>; gates?: ReadonlyMap<string, Alert> }) {
  // Tiles only need the clock for the stale notice: a 5 s step keeps them from re-rendering every second.
  const tileNow = Math.floor(now / 5000) * 5000;
  return (
    <section className={`beds${compact ? ' beds--compact' : ''}`} aria-label="Beds" data-testid="ward-overview">
      {tiles.length === 0 && <p className="panel__empty">{loading ? 'Loading beds…' : 'No patients on this ward.'}</p>}
      {tiles.map((t) => (
        <BedTile key={t.patient.id} patient={t.patient} alerts={t.alerts} now={tileNow} offlineReason={offlineReason} compact={compact} onOpen={onOpenPatient} silenced={silenced} gateAlert={gates?.get(t.patient.id)} />
      ))}
    </section>
  );
}
