/**
 * PostgreSQL advisory lock keys (the two-integer form: a class, then an object). Chosen far from
 * small integers so another application on the same database is unlikely to collide.
 */
export const AdvisoryKeys = {
  /** Single locks, by object: the event log's insert order, the alert transitions' order, migrations. */
  serial: 0x56494731, // 'VIG1'
  eventLogOrder: 1,
  transitionOrder: 2,
  migrations: 3,
  /** One lock per rules partition (object = partition number), held by its owner's session. */
  partition: 0x56494732, // 'VIG2'
  /** One lock per live node (object = the node's random number): counting them sizes each node's share. */
  member: 0x56494733, // 'VIG3'
} as const;

/** The channel a node NOTIFYs after storing events; partition owners LISTEN on it to tail the log at once. */
export const EVENTS_CHANNEL = 'vigil_events';

/**
 * Bus event: transitions already stored, sent to the sockets again after a takeover (the previous
 * owner may have died between storing a transition and broadcasting it; clients drop repeats by seq).
 */
export const ALERT_REBROADCAST = 'cluster.alert-rebroadcast';
