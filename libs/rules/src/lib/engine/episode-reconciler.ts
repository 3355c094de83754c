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
  continued: Map<string, string>,
): boolean {
  let added = false;
  const claimed = new Set<string>();
  // In effective onset order (a continuation's published onset is its predecessor's close, later than
  // where its episode began): an episode whose record late data gave back to its predecessor claims it
  // before a later episode can be matched to that record as its continuation.
  const onset = (a: Alert) => Date.parse(book.effectiveOnset(a.id));
  const rebuilt = [...book.all.values()].sort((a, b) => onset(a) - onset(b));
  for (const a of rebuilt) if (published.has(a.id)) claimed.add(a.id);
  // A closed record that a live continuation goes on from (its episode began before the record closed)
  // heads that episode: no other episode may take it over, by overlap or by its own derived id, or the
  // continuation would lose its onset.
  const heads = new Set<string>();
  for (const [head, id] of continued) {
    const c = book.all.get(id);
    const h = published.get(head);
    if (c && h && c.openedAt === h.resolvedAt && Date.parse(book.effectiveOnset(id)) < Date.parse(c.openedAt)) {
      claimed.add(head);
      heads.add(head);
    }
  }
  const headOf = new Map<string, string>();
  for (const [head, continuation] of continued) headOf.set(continuation, head);
  for (const a of rebuilt) {
    // A continuation whose episode (after later data) no longer runs past its closed predecessor is none:
    // the episode is the predecessor's again if it overlaps it, otherwise an episode of its own (and the
    // continuation, if published, is cancelled).
    const head = headOf.get(a.id);
    const h = head === undefined ? undefined : published.get(head);
    if (head !== undefined && h !== undefined && end(a) <= end(h)) {
      const derived = book.derivedId(a.id);
      if (!book.all.has(head) && Date.parse(book.effectiveOnset(a.id)) <= end(h) && Date.parse(h.openedAt) <= end(a)) {
        aliases.set(derived, { id: head });
        claimed.add(head);
      } else aliases.delete(derived);
      added = true;
      continue;
    }
    let p = published.get(a.id);
    if (p && isClosed(p) && (Date.parse(book.effectiveOnset(a.id)) >= end(p) || heads.has(a.id))) {
      // Its derived id names a record that late data gave to an earlier episode, closed before this one
      // began, or that heads another episode's live continuation: this is an episode of its own, under
      // an id of its own.
      const derived = book.derivedId(a.id);
      const known = aliases.get(derived);
      if (known && known.id !== a.id && !published.has(known.id)) continue;
      aliases.set(derived, { id: fresh(`${patientId}:${a.rule}:${book.effectiveOnset(a.id)}`, published, book) });
      added = true;
      continue;
    }
    if (!p) {
      for (const q of published.values()) {
        if (q.rule !== a.rule || claimed.has(q.id) || book.all.has(q.id)) continue;
        if (Date.parse(a.openedAt) < end(q) && Date.parse(q.openedAt) < end(a) && (!p || Date.parse(q.openedAt) < Date.parse(p.openedAt))) p = q;
      }
      if (!p) continue;
      claimed.add(p.id);
    }
    const derived = book.derivedId(a.id);
    let alias: EpisodeAlias;
    if (!isClosed(p)) alias = { id: p.id };
    else if (p.state === 'cancelled') alias = { id: fresh(`${patientId}:${a.rule}:${a.openedAt}`, published, book) };
    else if (end(a) > end(p)) {
      // The continuation keeps the id it was published under, unless that one is closed too; a resolved
      // one still stands for an episode that ends no later than it (later data first cut the episode back
      // to the head, then ran it past again: soak seed 954322457, continuation-identity.spec.ts).
      const prior = continued.get(p.id);
      const priorRecord = prior === undefined ? undefined : published.get(prior);
      const priorStands = priorRecord === undefined || !isClosed(priorRecord) || (priorRecord.state === 'resolved' && end(a) <= end(priorRecord));
      const id = prior !== undefined && priorStands ? prior : fresh(`${patientId}:${a.rule}:${p.resolvedAt}`, published, book);
      alias = { id, openedAt: p.resolvedAt ?? undefined };
      continued.set(p.id, alias.id);
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

/**
 * Forgets the continuations no alert goes on under (neither in the rebuilt book nor published). A
 * matching pass may name a continuation for a closed record, then a later pass give that episode an
 * open published id instead: the named id is never published. Kept, it would be handed out again by
 * `fresh` (same base: the record's close time) to another closed record's continuation, so two records
 * would head one continuation and reviseClosed would read one episode as two (soak seed 2012931036,
 * continuation-identity.spec.ts). Run once the rebuild's matching passes are over.
 */
export function forgetUnusedContinuations(book: AlertBook, published: ReadonlyMap<string, Alert>, continued: Map<string, string>): void {
  for (const [head, id] of continued) if (!book.all.has(id) && !published.has(id)) continued.delete(head);
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
 * holds is `cancelled` (at `recordedAt`, its `effectiveAt` the time the late or corrected data describe,
 * `effectiveAt`). Nothing is emitted for an alert already closed downstream (see reviseClosed).
 */
export function reconcile(book: AlertBook, published: Map<string, Alert>, recordedAt: string, effectiveAt: string = recordedAt): EngineTransition[] {
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
    // Closed downstream: the record stands (its effective-time view is kept beside it, see reviseClosed).
    if (isClosed(p)) continue;
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
    if (book.all.has(id) || isClosed(p)) continue;
    // Late or corrected data removed the condition that raised it: it should never have been raised.
    // Cancelled when those data arrived; `effectiveAt` is the time they describe (what "charted late" shows).
    out.push({ type: 'cancelled', at: recordedAt, effectiveAt, recordedAt, alert: {
      ...p,
      state: 'cancelled',
      resolvedAt: recordedAt,
      updatedAt: recordedAt,
      message: `Cancelled: no longer holds once late or corrected data are evaluated (${p.message})`,
    } });
  }
  return out;
}

/**
 * The effective-time view of every record already resolved downstream, recomputed from the rebuilt
 * book after each rebuild (the one documented way the record and the effective-time episodes differ,
 * since nothing may follow `resolved`): id → the rebuilt alert where it differs from the record; for the
 * record a live continuation goes on from (it closed at the continuation's published onset), the record
 * with the episode's effective onset and severity, so the two read as one episode; null for a record
 * that is no episode of its own any more (it never was one, or late data merged it into another, e.g. a
 * recheck prompt closed as unconfirmed whose confirmation arrived late). Records that match the rebuilt
 * view are left out, and so are those of rules carried across rebuilds (`notRebuilt`: RR-fed, judged on
 * arrival), whose closed alerts are not replayed.
 */
export function reviseClosed(
  book: AlertBook,
  published: ReadonlyMap<string, Alert>,
  continued: ReadonlyMap<string, string>,
  revised: Map<string, Alert | null>,
  notRebuilt: ReadonlySet<string>,
): void {
  // Records pruned from `published` (past the horizon) keep their last revision: nothing re-evaluates them.
  for (const [id, p] of published) {
    revised.delete(id);
    if (p.state !== 'resolved' || notRebuilt.has(p.rule)) continue;
    const a = book.all.get(id);
    if (a) {
      if (a.resolvedAt !== p.resolvedAt || a.severity !== p.severity || a.state !== p.state || a.openedAt !== p.openedAt) revised.set(id, a);
      continue;
    }
    const continuation = continued.get(id);
    const c = continuation === undefined ? undefined : book.all.get(continuation);
    const onset = c === undefined ? '' : book.effectiveOnset(c.id);
    // Only the record the continuation starts from heads it; any other record it covers is merged into it.
    if (c === undefined || c.openedAt !== p.resolvedAt || !(Date.parse(onset) < Date.parse(c.openedAt))) {
      revised.set(id, null);
      continue;
    }
    if (onset !== p.openedAt || c.severity !== p.severity) revised.set(id, { ...p, openedAt: onset, severity: c.severity });
  }
}
