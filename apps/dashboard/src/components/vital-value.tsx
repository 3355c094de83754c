import type { ReactNode } from 'react';

/**
 * One labelled value of a tile; `detail` is a smaller second line (mL/kg/h, oxygen support). An
 * artefact (§10: outside physiological bounds, stored but never alarming alone) is shown as such,
 * struck through and labelled, not as an abnormal value.
 */
export function VitalValue({ label, unit, abnormal, artefact, wide, detail, title, testId, children }: { label: string; unit?: string; abnormal?: boolean; artefact?: boolean; wide?: boolean; detail?: string | null; title?: string; testId?: string; children: ReactNode }) {
  const shownDetail = artefact ? 'artefact' : detail;
  return (
    <div
      className={`vital${wide ? ' vital--wide' : ''}${abnormal && !artefact ? ' vital--abnormal' : ''}${artefact ? ' vital--artefact' : ''}`}
      title={artefact ? `Artefact: outside physiological bounds; stored, never alarms alone${title ? `. ${title}` : ''}` : title}
      data-testid={testId}
      data-artefact={artefact ? 'true' : undefined}
    >
      <dt>
        {label}
        {unit && <span className="vital__unit"> {unit}</span>}
      </dt>
      <dd>
        <span className="vital__value">{children}</span>
        {shownDetail && <span className="vital__detail">{shownDetail}</span>}
      </dd>
    </div>
  );
}
