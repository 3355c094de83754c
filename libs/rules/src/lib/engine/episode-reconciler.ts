import type { Alert, EngineTransition, TransitionType } from '@vigil/contracts';
import type { AlertBook, EpisodeAlias } from './alert-book';

/** Closed for good: nothing may follow these (§10). */
export const isClosed = (a: Alert): boolean => a.state === 'resolved' || a.state === 'cancelled';

const end = (a: Alert): number => (a.resolvedAt === null ? Number.POSITIVE_INFINITY : Date.parse(a.resolvedAt));

/**
 * After a rebuild, gives each rebuilt episode the identity it already has downstream: a rebuilt alert
 * whose derived id (patient, rule, onset) was never published takes the id of a published alert of
 * the same rule it overlaps in effective time (late data moved its onset). A published episode that is
 * already closed cannot change (nothing follows `resolved`): if the rebuilt one runs past its close,
 * its remainder continues under a new id opened at that close; if it had been cancelled, the episode
 * is raised again under a new id. Returns whether any alias was added (the rebuild is then run again,
 * so acknowledgements recorded under the published ids find their alerts).
 */
export function matchEpisodes(
  book: AlertBook,
  published: Map<string, Alert>,
  aliases: Map<string, EpisodeAlias>,
  patientId: string,
  continued: Set<string>,
  revised?: Map<string, Alert | null>,
): boolean {
  let added = false;
  const claimed = new Set<string>();
  const rebuilt = [...book.all.values()].sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt));
  for (const a of rebuilt) if (published.has(a.id)) claimed.add(a.id);
  for (const a of rebuilt) {
    let p = published.get(a.id);
    if (!p) {
      for (const q of published.values()) {
        if (q.rule !== a.rule || claimed.has(q.id) || book.all.has(q.id)) continue;
        if (Date.parse(a.openedAt) <= end(q) && Date.parse(q.openedAt) <= end(a) && (!p || Date.parse(q.openedAt) < Date.parse(p.openedAt))) p = q;
      }
      if (!p) continue;
      claimed.add(p.id);
    }
    const derived = book.derivedId(a.id);
    let alias: EpisodeAlias;
    if (!isClosed(p)) alias = { id: p.id };
    else if (p.state === 'cancelled') alias = { id: fresh(`${patientId}:${a.rule}:${a.openedAt}`, published, book) };
    else if (end(a) > end(p)) {
      alias = { id: fresh(`${patientId}:${a.rule}:${p.resolvedAt}`, published, book), openedAt: p.resolvedAt ?? undefined };
      continued.add(p.id);
      // Late data may also have moved the episode's onset earlier than the closed record says.
      if (revised && a.id === derived && a.openedAt !== p.openedAt) revised.set(p.id, { ...p, openedAt: a.openedAt });
    }
    // Closed no later than published: the record stands (it cannot be reopened or closed twice).
    else alias = { id: p.id };
    if (alias.id === a.id) continue;
    const known = aliases.get(derived);
    if (known && known.id === alias.id && known.openedAt === alias.openedAt) continue;
    aliases.set(derived, alias);
    added = true;
  }
  return added;
}

function fresh(base: string, published: Map<string, Alert>, book: AlertBook): string {
  let id = base;
  for (let n = 2; published.has(id) || book.all.has(id); n++) id = `${base}#${n}`;
  return id;
}

/**
 * The net change from what was published to the rebuilt alert set, each transition stamped with its
 * effective time (`at`, `effectiveAt`) and the time the data that revealed it arrived (`recordedAt`):
 * an episode found late is raised once (then resolved or acknowledged if it already was), one closed
 * late resolves once, a severity or onset change is one `updated`, and an open alert that no longer
 * holds is `cancelled`. Nothing is emitted for an alert already closed downstream: where the rebuilt
 * view differs from such a record (closed earlier, or not at all an episode), it goes into `revised`
 * (id → the effective-time alert, or null), the one documented way the record and the effective-time
 * episodes can differ.
 */
export function reconcile(book: AlertBook, published: Map<string, Alert>, recordedAt: string, revised?: Map<string, Alert | null>, continued: Set<string> = new Set()): EngineTransition[] {
  const out: EngineTransition[] = [];
  const late = (type: TransitionType, at: string, alert: Alert) => out.push({ type, at, alert, effectiveAt: at, recordedAt });
  for (const [id, a] of book.all) {
    const p = published.get(id);
    if (!p) {
      const raised = book.raisedSnapshot(id) ?? a;
      // Raised with its raise message (a closed one's current message reads "Resolved: …").
      late('raised', a.openedAt, { ...a, state: 'active', resolvedAt: null, acknowledgedAt: null, acknowledgedBy: null, ackNote: null, message: isClosed(a) ? raised.message : a.message, updatedAt: a.openedAt });
      if (a.state === 'acknowledged') late('acknowledged', a.acknowledgedAt ?? a.updatedAt, a);
      else if (isClosed(a)) late(a.state === 'cancelled' ? 'cancelled' : 'resolved', a.resolvedAt ?? a.updatedAt, a);
      continue;
    }
    if (isClosed(p)) {
      // Closed downstream, and the record stands; the effective-time view is kept beside it.
      if (!revised) continue;
      if (a.resolvedAt !== p.resolvedAt || a.severity !== p.severity || a.state !== p.state || a.openedAt !== p.openedAt) revised.set(id, a);
      else revised.delete(id);
      continue;
    }
    if (isClosed(a)) {
      late(a.state === 'cancelled' ? 'cancelled' : 'resolved', a.resolvedAt ?? a.updatedAt, a);
      continue;
    }
    const changed = p.severity !== a.severity || p.openedAt !== a.openedAt;
    if (a.state === 'acknowledged' && p.state !== 'acknowledged') late('acknowledged', a.acknowledgedAt ?? a.updatedAt, a);
    else if (changed || p.state !== a.state) late('updated', a.updatedAt, a);
    else if (a.escalationLevel > p.escalationLevel) late('escalated', a.updatedAt, a);
  }
  for (const [id, p] of published) {
    if (book.all.has(id)) continue;
    if (isClosed(p)) {
      // (a closed record whose episode goes on under a continuation id is not revised: see matchEpisodes)
      // (a continued one keeps any onset revision made when it was continued)
      if (revised && p.state === 'resolved' && !continued.has(id)) revised.set(id, null);
      continue;
    }
    // Late or corrected data removed the condition that raised it: it should never have been raised.
    late('cancelled', recordedAt, {
      ...p,
      state: 'cancelled',
      resolvedAt: recordedAt,
      updatedAt: recordedAt,
      message: `Cancelled: no longer holds once late or corrected data are evaluated (${p.message})`,
    });
  }
  return out;
}
