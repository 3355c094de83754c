import type { Logger } from '@nestjs/common';
import type { AlertTransition } from '@vigil/contracts';
import { withRequestId } from './request-context';

/**
 * One line per live transition, under the id of the request whose event caused it, so an operator
 * can follow a message from arrival to alert. Alert ids embed the patient id: only at debug.
 */
export function logTransition(logger: Logger, requestId: string, t: AlertTransition): void {
  withRequestId(requestId, 'rules', () => {
    logger.log(`transition ${t.seq}: ${t.type} ${t.alert.rule} ${t.alert.severity}`);
    logger.debug(`transition ${t.seq} is alert ${t.alert.id}`);
  });
}
