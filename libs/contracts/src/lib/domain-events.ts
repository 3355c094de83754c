import type { ClinicalEvent } from './clinical-event.schema';
import type { AlertTransition } from './alert-transition.schema';

/** In-process event names (entity.past-verb), defined once. */
export const DomainEvents = {
  ClinicalEventsStored: 'clinical-events.stored',
  AlertTransitioned: 'alert.transitioned',
  VitalsUpdated: 'vitals.updated',
} as const;

export interface ClinicalEventsStoredPayload {
  events: ClinicalEvent[];
}
export type AlertTransitionedPayload = AlertTransition;
