import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { LoggerModule } from 'nestjs-pino';
import { loggerOptions } from './logging/logger-options';
import { ENV } from './config/env.token';
import type { Env } from './config/env.schema';
import { DatabaseModule } from './database/database.module';
import { AuthModule } from './auth/auth.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { EventStoreService } from './events/event-store.service';
import { EventCorrectionsService } from './events/event-corrections.service';
import { EventExportService } from './events/event-export.service';
import { EventsController } from './events/events.controller';
import { RulesService } from './rules/rules.service';
import { AlertTransitionsRepository } from './alerts/alert-transitions.repository';
import { AlertTransitionPublisher } from './alerts/alert-transition-publisher';
import { AlertsService } from './alerts/alerts.service';
import { AlertsController } from './alerts/alerts.controller';
import { AlertSilencesService } from './alerts/alert-silences.service';
import { AlertHistoryService } from './alerts/alert-history.service';
import { AlertHistoryController } from './alerts/alert-history.controller';
import { NotificationsService } from './notifications/notifications.service';
import { PatientSummaryStore } from './patients/patient-summary.store';
import { FutureTimeGuard } from './events/future-time.guard';
import { PatientProjectionListener } from './patients/patient-projection.listener';
import { PatientsService } from './patients/patients.service';
import { PatientsController } from './patients/patients.controller';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { DemoService } from './demo/demo.service';
import { FhirController } from './fhir/fhir.controller';
import { ThresholdsController } from './thresholds/thresholds.controller';
import { ThresholdsService } from './thresholds/thresholds.service';
import { MllpServer } from './mllp/mllp.server';
import { PatientRegistryService } from './patients/patient-registry.service';
import { MetricsService } from './health/metrics.service';
import { HealthController } from './health/health.controller';
import { IngestGate } from './ingest/ingest-gate.service';
import { ReadinessService } from './health/readiness.service';
import { EngineSnapshotsRepository } from './rules/engine-snapshots.repository';
import { ClusterRulesService } from './cluster/cluster-rules.service';

@Module({})
export class AppModule {
  static forEnv(env: Env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        { module: class EnvModule {}, global: true, providers: [{ provide: ENV, useValue: env }], exports: [ENV] },
        LoggerModule.forRoot(loggerOptions(env)),
        EventEmitterModule.forRoot({ wildcard: false, maxListeners: 100 }),
        DatabaseModule,
        AuthModule,
      ],
      controllers: [EventsController, FhirController, ThresholdsController, AlertsController, AlertHistoryController, PatientsController, HealthController],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        EventStoreService,
        EventCorrectionsService,
        FutureTimeGuard,
        EventExportService,
        RulesService,
        AlertTransitionsRepository,
        AlertTransitionPublisher,
        AlertsService,
        AlertSilencesService,
        AlertHistoryService,
        NotificationsService,
        PatientSummaryStore,
        PatientProjectionListener,
        PatientsService,
        RealtimeGateway,
        DemoService,
        MetricsService,
        MllpServer,
        ThresholdsService,
        PatientRegistryService,
        IngestGate,
        ReadinessService,
        EngineSnapshotsRepository,
        ClusterRulesService,
      ],
    };
  }
}
