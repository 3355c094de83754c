import type { ReactNode } from 'react';

/** One labelled value of a tile; `detail` is a smaller second line (mL/kg/h, oxygen support). */
export function VitalValue({ label, unit, abnormal, wide, detail, title, testId, children }: { label: string; unit?: string; abnormal?: boolean; wide?: boolean; detail?: string | null; title?: string; testId?: string; children: ReactNode }) {
  return (
    <div className={`vital${wide ? ' vital--wide' : ''}${abnormal ? ' vital--abnormal' : ''}`} title={title} data-testid={testId}>
      <dt>
        {label}
        {unit && <span className="vital__unit"> {unit}</span>}
      </dt>
      <dd>
        <span className="vital__value">{children}</span>
        {detail && <span className="vital__detail">{detail}</span>}
      </dd>
    </div>
  );
}
