import type { SessionUser } from '@vigil/contracts';

/** Who sent something, as authenticated (never as the sender claims in the payload). */
export type Sender =
  | { kind: 'key'; id: string; name: string; scopes: readonly string[] }
  | { kind: 'user'; user: SessionUser }
  /** `subject`: the verified client certificate's subject, for MLLP over TLS. */
  | { kind: 'mllp'; address: string; adt: boolean; subject?: string }
  | { kind: 'system'; name: string };

/** How an event arrived. */
export type Channel = 'rest' | 'fhir' | 'mllp' | 'system';

/** What the event log records next to each event: the sender's stable id (never a secret) and the channel. */
export interface Origin {
  sender: string;
  channel: Channel;
}

export function senderId(s: Sender): string {
  switch (s.kind) {
    case 'key':
      return `key:${s.id}`;
    case 'user':
      return `user:${s.user.id}`;
    case 'mllp':
      return s.subject ? `mllp-tls:${s.subject}` : `mllp:${s.address}`;
    case 'system':
      return `system:${s.name}`;
  }
}

export function originOf(s: Sender, channel: Channel): Origin {
  return { sender: senderId(s), channel };
}

export const SYSTEM_ORIGIN = (name: string): Origin => ({ sender: `system:${name}`, channel: 'system' });
