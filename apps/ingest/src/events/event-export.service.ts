import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ErrorCodes, type SessionUser } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ApiError } from '../common/api-error';
import { assertWardAccess } from '../auth/ward-access';

export interface ExportQuery {
  wardId?: string;
  patientId?: string;
  from?: string;
  to?: string;
  user: SessionUser;
}

/** Rows written per response chunk, and read per patient per query: memory stays bounded by both. */
const CHUNK_ROWS = 5000;
const PATIENT_PAGE = 1000;
const MIN_TIME = '0001-01-01T00:00:00.000Z';
const MAX_TIME = '9999-12-31T23:59:59.999Z';

interface Row {
  time: Date;
  seq: bigint;
  payload: string;
}

/** One patient's events in (time, seq) order, a page at a time (index (patient_id, time): no sort of the range). */
class PatientCursor {
  private rows: Row[] = [];
  private i = 0;
  private done = false;
  private afterTime: string;
  private afterSeq = '0';

  constructor(
    private readonly prisma: PrismaClient,
    private readonly patientId: string,
    from: string,
    private readonly to: string,
  ) {
    this.afterTime = from;
  }

  get head(): Row | undefined {
    return this.rows[this.i];
  }

  /** Moves past the head; reads the next page when this one is used up. */
  async advance(): Promise<void> {
    this.i++;
    if (this.i >= this.rows.length && !this.done) await this.fill();
  }

  async fill(): Promise<void> {
    // `time >= $2` bounds the index scan; the row comparison skips what was already sent at that instant.
    this.rows = await this.prisma.$queryRawUnsafe<Row[]>(
      `SELECT time, seq, payload::text AS payload FROM clinical_event
       WHERE patient_id = $1 AND time >= $2::timestamptz AND time <= $3::timestamptz AND (time, seq) > ($2::timestamptz, $4::bigint)
       ORDER BY time, seq LIMIT ${PATIENT_PAGE}`,
      this.patientId,
      this.afterTime,
      this.to,
      this.afterSeq,
    );
    this.i = 0;
    this.done = this.rows.length < PATIENT_PAGE;
    const last = this.rows[this.rows.length - 1];
    if (last) {
      this.afterTime = new Date(last.time).toISOString();
      this.afterSeq = String(last.seq);
    }
  }
}

const before = (a: Row, b: Row) => {
  const ta = new Date(a.time).getTime();
  const tb = new Date(b.time).getTime();
  return ta < tb || (ta === tb && BigInt(a.seq) < BigInt(b.seq));
};

/**
 * Streams the log as NDJSON in (time, seq) order with bounded memory whatever the range: one cursor
 * per patient (a page each, read through the (patient_id, time) index) merged in order, written a
 * chunk at a time with backpressure, and stopped when the client goes away. The former single query
 * over the ward's patients sorted the whole remaining range again for every page.
 */
@Injectable()
export class EventExportService {
  private readonly logger = new Logger('Export');

  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Resolves with how the stream ended: 'ok', 'closed' (the client went away) or 'failed' (cut after an error, logged). */
  async stream(q: ExportQuery, res: Response): Promise<'ok' | 'closed' | 'failed'> {
    if (!q.wardId && !q.patientId) throw new ApiError(400, ErrorCodes.BodyInvalid, 'give wardId or patientId');
    let patientIds: string[];
    if (q.patientId) {
      const p = await this.prisma.patient.findUnique({ where: { id: q.patientId } });
      if (!p) throw new ApiError(404, ErrorCodes.PatientNotFound, `no patient ${q.patientId}`);
      assertWardAccess(q.user, p.wardId);
      patientIds = [p.id];
    } else {
      assertWardAccess(q.user, q.wardId);
      patientIds = (await this.prisma.patient.findMany({ where: { wardId: q.wardId }, select: { id: true } })).map((p) => p.id);
      patientIds.push(`ward:${q.wardId}`); // ward-wide threshold changes travel with the recording
    }
    const from = q.from ? new Date(q.from).toISOString() : MIN_TIME;
    const to = q.to ? new Date(q.to).toISOString() : MAX_TIME;
    const cursors = patientIds.map((id) => new PatientCursor(this.prisma, id, from, to));
    // The first pages are read before the status line, so a database error still gets a proper answer.
    await Promise.all(cursors.map((c) => c.fill()));
    res.status(200).setHeader('content-type', 'application/x-ndjson');
    let closed = false;
    res.once('close', () => (closed = true));
    let lines: string[] = [];
    const flush = async () => {
      if (lines.length === 0) return;
      const ok = res.write(lines.join('\n') + '\n');
      lines = [];
      if (!ok && !closed) await new Promise<void>((r) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          r();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    };
    try {
      for (;;) {
        if (closed) return 'closed';
        let next: PatientCursor | null = null;
        let head: Row | undefined;
        for (const c of cursors) {
          const h = c.head;
          if (h && (!head || before(h, head))) {
            next = c;
            head = h;
          }
        }
        if (!next || !head) break;
        // Stored as jsonb; written as compact JSON (what JSON.stringify of the stored object gives).
        lines.push(JSON.stringify(JSON.parse(head.payload)));
        await next.advance();
        if (lines.length >= CHUNK_ROWS) await flush();
      }
      await flush();
      res.end();
      return 'ok';
    } catch (e) {
      // The status line is out: all a failure can do now is cut the stream, so the client sees it incomplete.
      this.logger.error(`export cut after an error: ${(e as Error).message}`);
      res.destroy();
      return 'failed';
    }
  }
}
