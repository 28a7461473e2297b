import PantauCore
import PantauHTTPServer

/// The daemon's own metric families beside the engine's (SPEC §5): spool, SSE, checkpoint, clock
/// and HTTP figures.
enum DaemonMetrics {
    static func families(_ f: LiveFigures, hub: SSEHub, statistics s: HTTPServerStatistics) -> [MetricFamily] {
        var families = [
            MetricFamily(name: "pantau_spool_lag_seconds", help: "Seconds the oldest unapplied spool data has waited; 0 when caught up.",
                         kind: .gauge, samples: [(labels: [], value: f.spoolLagSeconds)]),
            MetricFamily(name: "pantau_spool_files", help: "Spool files followed.", kind: .gauge,
                         samples: [(labels: [], value: Double(f.spoolFiles))]),
            MetricFamily(name: "pantau_spool_read_bytes_total", help: "Bytes read from the spool.", kind: .counter,
                         samples: [(labels: [], value: Double(f.spoolReadBytes))]),
            MetricFamily(name: "pantau_sse_clients", help: "Connected /events clients.", kind: .gauge,
                         samples: [(labels: [], value: Double(hub.count))]),
            MetricFamily(name: "pantau_sse_events_pushed_total", help: "breach and warning events pushed.", kind: .counter,
                         samples: [(labels: [], value: Double(hub.eventsPushed))]),
            MetricFamily(name: "pantau_sse_resume_snapshots_total",
                         help: "Last-Event-ID resumes answered with a snapshot alone: the id was evicted from the history, "
                             + "or the missed events exceeded MaxSSEBuffer.", kind: .counter,
                         samples: [(labels: [("reason", "evicted")], value: Double(hub.resumesEvicted)),
                                   (labels: [("reason", "over_buffer")], value: Double(hub.resumesOverBuffer))]),
            MetricFamily(name: "pantau_checkpoint_failures_total", help: "Checkpoint writes that failed.", kind: .counter,
                         samples: [(labels: [], value: Double(f.checkpointFailures))]),
            MetricFamily(name: "pantau_clock_steps_total", help: "Wall-clock steps seen against elapsed time.", kind: .counter,
                         samples: [(labels: [], value: Double(f.clockSteps))]),
            MetricFamily(name: "pantau_clock_step_seconds",
                         help: "Wall-clock step not yet followed (taken after ClockStepGrace=); 0 when none.", kind: .gauge,
                         samples: [(labels: [], value: f.clockStepSeconds)]),
        ]
        if let age = f.checkpointAgeSeconds, let last = f.lastCheckpointSeconds {
            families.append(MetricFamily(name: "pantau_checkpoint_age_seconds", help: "Seconds since the last durable checkpoint.",
                                         kind: .gauge, samples: [(labels: [], value: age)]))
            families.append(MetricFamily(name: "pantau_checkpoint_last_success_timestamp_seconds",
                                         help: "Unix time of the last durable checkpoint.", kind: .gauge, samples: [(labels: [], value: last)]))
        }
        families.append(MetricFamily(name: "pantau_http_connections", help: "Open HTTP connections.", kind: .gauge,
                                     samples: [(labels: [], value: Double(s.connectionCount))]))
        families.append(MetricFamily(name: "pantau_http_requests_total", help: "HTTP requests answered by a handler.", kind: .counter,
                                     samples: [(labels: [], value: Double(s.requestsServed))]))
        families.append(MetricFamily(name: "pantau_http_refused_total", help: "HTTP connections or clients refused or dropped, by reason.",
                                     kind: .counter, samples: [
                                         (labels: [("reason", "bad_request")], value: Double(s.errorsAnswered)),
                                         (labels: [("reason", "timeout")], value: Double(s.timeouts)),
                                         (labels: [("reason", "connection_limit")], value: Double(s.refusedOverLimit)),
                                         (labels: [("reason", "slow_client")], value: Double(s.slowClientsDropped)),
                                         (labels: [("reason", "idle_evicted")], value: Double(s.idleEvicted)),
                                     ]))
        return families
    }
}
