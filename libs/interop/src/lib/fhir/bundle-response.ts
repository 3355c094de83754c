import type { FhirMapResult } from './fhir-map.types';
import type { OperationOutcome } from './operation-outcome';

export interface BundleResponseEntry {
  response: { status: string; outcome?: OperationOutcome };
}

export interface BundleResponse {
  resourceType: 'Bundle';
  type: 'batch-response' | 'transaction-response';
  entry: BundleResponseEntry[];
}

/**
 * The FHIR answer to a batch or transaction: one response entry per request entry, in order. Mapped
 * entries are "201 Created" (call this only once their events are committed); refused ones are
 * "422 Unprocessable Entity" with an OperationOutcome naming the path. A refused transaction answers every
 * entry with its own status, so the sender sees which entry broke it. Returns null for other Bundle types
 * and single Observations, which are answered with an OperationOutcome alone.
 */
export function buildBundleResponse(result: FhirMapResult): BundleResponse | null {
  if (result.kind !== 'batch' && result.kind !== 'transaction') return null;
  const refusedTransaction = result.kind === 'transaction' && !result.ok;
  return {
    resourceType: 'Bundle',
    type: `${result.kind}-response`,
    entry: result.entries.map((e) => {
      if (!e.ok) {
        return {
          response: {
            status: '422 Unprocessable Entity',
            outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: e.code, diagnostics: e.reason, expression: [e.path.replace(/\.(\d+)(?=\.|$)/g, '[$1]').replace(/^/, 'Bundle.')] }] },
          },
        };
      }
      if (refusedTransaction) {
        return { response: { status: '409 Conflict', outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: 'not stored: another entry of this transaction was refused' }] } } };
      }
      return { response: { status: '201 Created' } };
    }),
  };
}
