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
  /** Per event (same index): the id of the HTTP request, socket or MLLP message that stored it, when known. */
  requestIds?: (string | undefined)[];
}
export type AlertTransitionedPayload = AlertTransition;
