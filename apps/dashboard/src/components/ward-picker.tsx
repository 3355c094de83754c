import type { WardSummary } from '../api/api.types';

/** Only the wards the server lists for this user (GET /api/wards is already filtered). */
export function WardPicker({ wards, value, onChange }: { wards: WardSummary[]; value: string | null; onChange(wardId: string): void }) {
  return (
    <label className="ward-picker">
      <span className="visually-hidden">Ward</span>
      <select data-testid="ward-picker" value={value ?? ''} onChange={(e) => e.target.value && onChange(e.target.value)} aria-label="Ward">
        {value === null && <option value="">Choose a ward…</option>}
        {wards.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name} ({w.id})
          </option>
        ))}
      </select>
    </label>
  );
}
