import type { PatientContext } from './patient-context';

/**
 * §6.10: while FEVER is active, hypotension and hypoxia read as a cytokine-release pattern (ASTCT
 * grades CRS on exactly fever, hypotension and hypoxia [ASTCT19]); the alert message says so.
 */
export function crsTag(message: string, ctx: PatientContext): string {
  return ctx.alerts.isOpen('fever') ? `${message} — CRS pattern (fever active)` : message;
}
