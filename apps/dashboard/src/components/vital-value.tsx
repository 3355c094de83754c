import type { ReactNode } from 'react';

export function VitalValue({ label, unit, abnormal, wide, children }: { label: string; unit?: string; abnormal?: boolean; wide?: boolean; children: ReactNode }) {
  return (
    <div className={`vital${wide ? ' vital--wide' : ''}${abnormal ? ' vital--abnormal' : ''}`}>
      <dt>{label}</dt>
      <dd>
        <span className="vital__value">{children}</span>
        {unit && <span className="vital__unit"> {unit}</span>}
      </dd>
    </div>
  );
}
