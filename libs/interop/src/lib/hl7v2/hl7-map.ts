import { mapAdt, type AdtTrigger } from './adt.mapper';
import { Hl7Context } from './hl7-context';
import { Hl7ErrorCodes, type Hl7ErrorCode, type Hl7MapOptions, type Hl7MapResult } from './hl7-map.types';
import { parseHl7, type Hl7Message } from './hl7-message';
import { mapOruR01 } from './oru-r01.mapper';

const ADT_TRIGGERS: readonly AdtTrigger[] = ['A01', 'A02', 'A03', 'A08'];

/**
 * Entry point for one received HL7 v2 message (text from the MLLP decoder, or an already parsed
 * message). Returns the canonical events to store, or why the message is refused, with the ACK code to
 * send (see buildAck). Never throws: anything unexpected becomes an AE so the listener keeps serving.
 */
export function mapHl7Message(input: string | Hl7Message, options: Hl7MapOptions = {}): Hl7MapResult {
  let message: Hl7Message;
  if (typeof input === 'string') {
    const parsed = parseHl7(input);
    if (!parsed.ok) return { ok: false, code: 'AR', reason: parsed.reason, errorCode: Hl7ErrorCodes.SegmentSequence, location: { segment: 'MSH', sequence: 1 }, warnings: [] };
    message = parsed.message;
  } else {
    message = input;
  }
  const controlId = message.controlId;
  const messageType = message.messageType;
  const refuse = (code: 'AE' | 'AR', reason: string, errorCode: Hl7ErrorCode, field: number): Hl7MapResult => ({
    ok: false,
    controlId,
    messageType,
    code,
    reason,
    errorCode,
    location: { segment: 'MSH', sequence: 1, field },
    warnings: [],
  });

  if (!controlId) return refuse('AR', 'MSH-10 (message control id) is empty', Hl7ErrorCodes.RequiredFieldMissing, 10);
  const version = message.version;
  if (version && !/^2(\.\d+)*$/.test(version)) return refuse('AR', `unsupported HL7 version ${version} (2.x expected)`, Hl7ErrorCodes.UnsupportedVersion, 12);
  const processingId = message.msh.value(11, 1);
  if (options.processingIds && !options.processingIds.includes(processingId)) {
    return refuse('AR', `processing id ${processingId || '(empty)'} not accepted here (expected ${options.processingIds.join('/')})`, Hl7ErrorCodes.UnsupportedProcessingId, 11);
  }

  const code = message.msh.value(9, 1);
  const trigger = message.msh.value(9, 2);
  try {
    const ctx = new Hl7Context(message, options);
    if (code === 'ORU' && trigger === 'R01') return mapOruR01(ctx);
    if (code === 'ADT' && (ADT_TRIGGERS as string[]).includes(trigger)) return mapAdt(ctx, trigger as AdtTrigger);
  } catch (error) {
    return refuse('AE', `internal error while mapping: ${error instanceof Error ? error.message : String(error)}`, Hl7ErrorCodes.ApplicationInternalError, 9);
  }
  if (code === 'ORU' || code === 'ADT') {
    return refuse('AR', `unsupported trigger event ${messageType} (Vigil accepts ORU^R01 and ADT^A01/A02/A03/A08)`, Hl7ErrorCodes.UnsupportedEventCode, 9);
  }
  return refuse('AR', `unsupported message type ${messageType || '(empty)'} (Vigil accepts ORU^R01 and ADT^A01/A02/A03/A08)`, Hl7ErrorCodes.UnsupportedMessageType, 9);
}
