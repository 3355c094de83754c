import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DomainEvents, type AlertTransition, type ClinicalEventsStoredPayload } from '@vigil/contracts';

/** Counters for GET /metrics (Prometheus text format). */
@Injectable()
export class MetricsService {
  private eventsStored = 0;
  private readonly transitions = new Map<string, number>();
  private readonly started = Date.now();

  @OnEvent(DomainEvents.ClinicalEventsStored)
  onStored({ events }: ClinicalEventsStoredPayload) {
    this.eventsStored += events.length;
  }

  @OnEvent(DomainEvents.AlertTransitioned)
  onTransition(t: AlertTransition) {
    const key = `${t.type}|${t.alert.rule}|${t.alert.severity}`;
    this.transitions.set(key, (this.transitions.get(key) ?? 0) + 1);
  }

  render(gauges: Record<string, number>): string {
    const lines = [
      '# HELP vigil_events_stored_total Clinical events newly stored in the log.',
      '# TYPE vigil_events_stored_total counter',
      `vigil_events_stored_total ${this.eventsStored}`,
      '# HELP vigil_alert_transitions_total Alert transitions persisted, by type, rule and severity.',
      '# TYPE vigil_alert_transitions_total counter',
      ...[...this.transitions].map(([k, v]) => {
        const [type, rule, severity] = k.split('|');
        return `vigil_alert_transitions_total{type="${type}",rule="${rule}",severity="${severity}"} ${v}`;
      }),
      '# HELP vigil_uptime_seconds Seconds since the service started.',
      '# TYPE vigil_uptime_seconds gauge',
      `vigil_uptime_seconds ${Math.round((Date.now() - this.started) / 1000)}`,
    ];
    for (const [name, value] of Object.entries(gauges)) lines.push(`# TYPE ${name} gauge`, `${name} ${value}`);
    return lines.join('\n') + '\n';
  }
}
