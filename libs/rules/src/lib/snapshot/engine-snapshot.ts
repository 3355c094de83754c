import { RulesEngine, type RulesEngineOptions } from '../rules-engine';
import { createRules } from '../rule-registry';
import type { ThresholdResolver } from '../engine/patient-evaluator';
import { decodeGraph, encodeGraph, type EncodedGraph, type GraphCodecRegistry } from './object-graph-codec';
import { STATE_CLASSES } from './state-classes';

/** The snapshot layout (this file and the codec); bump when either changes how state is written. */
export const ENGINE_SNAPSHOT_FORMAT = 1;

export interface EngineSnapshot {
  format: 'vigil.engine-state';
  version: number;
  /** Hash of the source of every state class and the rule list: a snapshot of other engine code is never read. */
  fingerprint: string;
  state: EncodedGraph;
}

export type SnapshotMismatch = 'format' | 'version' | 'fingerprint' | 'options' | 'corrupt';

/** The snapshot cannot be used as this engine's state; the caller rebuilds from the event log. */
export class EngineSnapshotMismatchError extends Error {
  constructor(
    readonly reason: SnapshotMismatch,
    message: string,
  ) {
    super(message);
    this.name = 'EngineSnapshotMismatchError';
  }
}

const REGISTRY: GraphCodecRegistry = { classes: STATE_CLASSES };

let fingerprintCache: string | null = null;

/** This engine build's identity: a 64-bit hash of its state classes' source text and of the rule list. */
export function engineFingerprint(): string {
  if (fingerprintCache !== null) return fingerprintCache;
  const parts = Object.entries(STATE_CLASSES).map(([name, ctor]) => `${name}\n${ctor.toString()}`);
  parts.push(createRules.toString());
  fingerprintCache = hash64(parts.join('\n\u0000\n'));
  return fingerprintCache;
}

/** The engine's complete state (patients, evaluators, rule and detector state, alerts, timers, thresholds). */
export function snapshotEngine(engine: RulesEngine): EngineSnapshot {
  const resolver = (engine as unknown as { resolver: ThresholdResolver }).resolver;
  const state = encodeGraph(engine, REGISTRY, {
    nameOf: (v) => (v === createRules ? 'createRules' : v === resolver ? 'engine.resolver' : undefined),
  });
  return { format: 'vigil.engine-state', version: ENGINE_SNAPSHOT_FORMAT, fingerprint: engineFingerprint(), state };
}

/**
 * An engine in exactly the snapshot's state. `options` must be those the snapshot's engine was built
 * with (engine-wide thresholds, history horizon): different ones are a mismatch, not a silent mix.
 * Throws EngineSnapshotMismatchError when the snapshot is of another format, version or engine build.
 */
export function restoreEngine(snapshot: unknown, options: RulesEngineOptions = {}): RulesEngine {
  const s = snapshot as Partial<EngineSnapshot> | null;
  if (!s || s.format !== 'vigil.engine-state') throw new EngineSnapshotMismatchError('format', 'not an engine snapshot');
  if (s.version !== ENGINE_SNAPSHOT_FORMAT) throw new EngineSnapshotMismatchError('version', `snapshot format ${s.version}, this engine reads ${ENGINE_SNAPSHOT_FORMAT}`);
  if (s.fingerprint !== engineFingerprint()) throw new EngineSnapshotMismatchError('fingerprint', `snapshot of engine ${s.fingerprint}, this is engine ${engineFingerprint()}`);
  if (!s.state || !Array.isArray(s.state.objects)) throw new EngineSnapshotMismatchError('corrupt', 'snapshot has no state');
  const engine = Object.create(RulesEngine.prototype) as RulesEngine;
  const bound: ThresholdResolver = (wardId, layer) => (engine as unknown as { resolve: ThresholdResolver }).resolve(wardId, layer);
  try {
    decodeGraph(s.state, REGISTRY, {
      valueOf: (name) => {
        if (name === 'createRules') return createRules;
        if (name === 'engine.resolver') return bound;
        throw new EngineSnapshotMismatchError('corrupt', `unknown external ${name}`);
      },
    }, engine);
  } catch (e) {
    if (e instanceof EngineSnapshotMismatchError) throw e;
    throw new EngineSnapshotMismatchError('corrupt', `snapshot state unreadable: ${(e as Error).message}`);
  }
  const expected = new RulesEngine(options) as unknown as { base: unknown; horizonMs: number };
  const got = engine as unknown as { base: unknown; horizonMs: number };
  if (got.horizonMs !== expected.horizonMs || JSON.stringify(got.base) !== JSON.stringify(expected.base))
    throw new EngineSnapshotMismatchError('options', 'the snapshot was taken with other engine options (engine-wide thresholds or history horizon)');
  return engine;
}

/** cyrb53-style 64-bit string hash, as 16 hex digits (not cryptographic: identifies a build). */
function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** Any other state built of this library's classes (e.g. a service's per-patient summaries), for a snapshot's side data. */
export function encodeLibraryState(value: unknown): EncodedGraph {
  return encodeGraph(value, REGISTRY, { nameOf: () => undefined });
}

export function decodeLibraryState(graph: EncodedGraph): unknown {
  return decodeGraph(graph, REGISTRY, {
    valueOf: (name) => {
      throw new EngineSnapshotMismatchError('corrupt', `unknown external ${name}`);
    },
  });
}
