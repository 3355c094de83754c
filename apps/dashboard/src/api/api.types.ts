import { dispositions, type Disposition } from '@vigil/contracts';

/** REST shapes live in @vigil/contracts; re-exported here for the dashboard's modules. */
export type { WardSummary, StaffMember, LatestVitals, WardPatient, AlertHistoryEntry, AlertDetail, VitalsPoint, UrinePoint, LabPoint, DosePoint, Observations, Disposition } from '@vigil/contracts';
export { dispositions };

export const dispositionLabels: Record<Disposition, string> = {
  'dose-held': 'Next dose held',
  'dose-continued': 'Dosing continues',
  'fluids-given': 'Fluids given',
  other: 'Other (see note)',
};
