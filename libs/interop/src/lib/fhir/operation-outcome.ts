import type { FhirIssueCode, FhirMapResult } from './fhir-map.types';

export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: FhirIssueCode | 'informational';
  diagnostics: string;
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

/**
 * OperationOutcome for a FHIR response: one error issue per refused entry (with its path as FHIRPath
 * expression), warnings for skipped components, and an information issue counting what was accepted.
 */
export function buildOperationOutcome(result: FhirMapResult): OperationOutcome {
  const root = result.kind === undefined ? undefined : result.kind === 'Observation' ? 'Observation' : 'Bundle';
  const fhirPath = (path: string): string => toFhirPath(path, root);
  const issue: OperationOutcomeIssue[] = [];
  if (!result.ok && !result.entries.some((e) => !e.ok && e.path === result.path)) {
    issue.push({ severity: 'error', code: result.code, diagnostics: result.reason, expression: [fhirPath(result.path)] });
  }
  for (const entry of result.entries) {
    if (!entry.ok) issue.push({ severity: 'error', code: entry.code, diagnostics: entry.reason, expression: [fhirPath(entry.path)] });
    else {
      for (const note of entry.notes) {
        // A refused value names its element (FHIRPath), so the sender can fix that field.
        const refused = entry.refused?.find((r) => note.startsWith(`${r.path}:`));
        issue.push(refused ? { severity: 'warning', code: 'value', diagnostics: note, expression: [fhirPath(refused.path)] } : { severity: 'warning', code: 'informational', diagnostics: note });
      }
    }
  }
  const accepted = result.ok ? result.events.length : 0;
  issue.push({ severity: 'information', code: 'informational', diagnostics: `${accepted} event(s) accepted` });
  return { resourceType: 'OperationOutcome', issue };
}

/** A single outcome for errors outside mapping (store unavailable, body too large). */
export function operationOutcomeError(diagnostics: string, code: FhirIssueCode = 'processing'): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

/** "entry.3.resource.valueQuantity" → "Bundle.entry[3].resource.valueQuantity" (FHIRPath). */
function toFhirPath(path: string, root: string | undefined): string {
  const indexed = path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  return root && path !== '(root)' ? `${root}.${indexed}` : indexed;
}
