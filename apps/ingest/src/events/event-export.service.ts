import { Inject, Injectable } from '@nestjs/common';
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

const PAGE = 5000;

/** Streams the log as NDJSON in (time, seq) order, page by page, so a recording of any size fits in memory. */
@Injectable()
export class EventExportService {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async stream(q: ExportQuery, res: Response) {
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
    const time = { gte: q.from ? new Date(q.from) : undefined, lte: q.to ? new Date(q.to) : undefined };
    res.status(200).setHeader('content-type', 'application/x-ndjson');
    let cursor: { time: Date; seq: bigint } | null = null;
    for (;;) {
      const where = {
        patientId: { in: patientIds },
        time,
        ...(cursor ? { OR: [{ time: { gt: cursor.time } }, { time: cursor.time, seq: { gt: cursor.seq } }] } : {}),
      };
      const page: { time: Date; seq: bigint; payload: unknown }[] = await this.prisma.clinicalEvent.findMany({ where, orderBy: [{ time: 'asc' }, { seq: 'asc' }], take: PAGE, select: { time: true, seq: true, payload: true } });
      if (page.length === 0) break;
      const chunk = page.map((r) => JSON.stringify(r.payload)).join('\n') + '\n';
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
      const lastRow = page[page.length - 1];
      cursor = { time: lastRow.time, seq: lastRow.seq };
      if (page.length < PAGE) break;
    }
    res.end();
  }
}
