/// Renders a `Snapshot` as the JSON document of SPEC §5 (`/api/v1/snapshot`, `replay --format json`).
/// Keys come in a fixed order; every configured channel and every rejection reason is present.
public enum SnapshotJSONRenderer {
    /// Appends the document (no trailing newline) to `out`.
    public static func render(_ s: Snapshot, into out: inout [UInt8]) {
        ByteWriter.append("{\"at\":\"", to: &out)
        RFC3339.format(s.at, into: &out)
        ByteWriter.append("\",\"channels\":{", to: &out)
        for (n, c) in s.channels.enumerated() {
            if n > 0 { out.append(0x2C) }
            ByteWriter.appendJSONString(c.name, to: &out)
            out.append(0x3A)
            renderChannel(c, into: &out)
        }
        ByteWriter.append("},\"events\":{\"applied\":", to: &out)
        ByteWriter.append(s.events.applied, to: &out)
        ByteWriter.append(",\"duplicate\":", to: &out)
        ByteWriter.append(s.events.duplicate, to: &out)
        ByteWriter.append(",\"rejected\":{", to: &out)
        for reason in RejectReason.allCases {
            if reason.rawValue > 0 { out.append(0x2C) }
            field(reason.name, s.events[reason], &out, first: true)
        }
        ByteWriter.append("}}}", to: &out)
    }

    /// The document as a string.
    public static func render(_ s: Snapshot) -> String {
        var out: [UInt8] = []
        render(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func renderChannel(_ c: ChannelFigures, into out: inout [UInt8]) {
        ByteWriter.append("{\"tickets\":{", to: &out)
        for state in TicketState.allCases {
            field(state.name, c.tickets[Int(state.rawValue)], &out, first: state == .waiting)
        }
        ByteWriter.append("}", to: &out)
        field("queue_depth", c.queueDepth, &out)
        field("unassigned", c.unassigned, &out)
        ByteWriter.append(",\"oldest_waiting_seconds\":", to: &out)
        ByteWriter.append(c.oldestWaiting.secondsValue, to: &out)
        ByteWriter.append(",\"service_level_formula\":", to: &out)
        ByteWriter.appendJSONString(c.serviceLevelFormula.name, to: &out)
        ByteWriter.append(",\"counters\":{", to: &out)
        for counter in TicketCounter.allCases {
            field(counter.name, c.counters[counter.rawValue], &out, first: counter == .created)
        }
        ByteWriter.append("},\"sla\":{", to: &out)
        for kind in SLAKind.allCases {
            if kind.rawValue > 0 { out.append(0x2C) }
            ByteWriter.appendJSONString(kind.name, to: &out)
            ByteWriter.append(":{", to: &out)
            let f = c.sla[Int(kind.rawValue)]
            for outcome in Outcome.allCases { field(outcome.name, f[outcome], &out, first: outcome == .met) }
            field("running", f.running, &out)
            field("paused", f.paused, &out)
            field("at_risk", f.atRisk, &out)
            field("breached_open", f.breachedOpen, &out)
            out.append(0x7D)
        }
        ByteWriter.append("},\"windows\":{", to: &out)
        for window in WindowName.allCases {
            if window.rawValue > 0 { out.append(0x2C) }
            ByteWriter.appendJSONString(window.name, to: &out)
            let w = c.windows[window.rawValue]
            ByteWriter.append(":{", to: &out)
            field("met", w.met, &out, first: true)
            field("breached", w.breached, &out)
            field("abandoned", w.abandoned, &out)
            field("short_abandoned", w.shortAbandoned, &out)
            field("answered", w.answered, &out)
            optional("service_level", w.serviceLevel, &out)
            optional("asa_seconds", w.asaSeconds, &out)
            optional("p50_seconds", w.p50Seconds, &out)
            optional("p90_seconds", w.p90Seconds, &out)
            out.append(0x7D)
        }
        out.append(0x7D)
        renderForecast(c.forecast, into: &out)
        out.append(0x7D)
    }

    /// `service_level_target`, `breaching_soon`, `wait`, `rates`, `staffing` (docs/forecasts.md).
    private static func renderForecast(_ f: ChannelForecast, into out: inout [UInt8]) {
        optional("service_level_target", f.serviceLevelTarget, &out)
        ByteWriter.append(",\"breaching_soon\":{", to: &out)
        for kind in SLAKind.allCases {
            if kind.rawValue > 0 { out.append(0x2C) }
            ByteWriter.appendJSONString(kind.name, to: &out)
            ByteWriter.append(":{", to: &out)
            for horizon in ForecastHorizon.allCases { field(horizon.name, f[kind, horizon], &out, first: horizon.rawValue == 0) }
            out.append(0x7D)
        }
        ByteWriter.append("},\"wait\":{\"last_answered_seconds\":", to: &out)
        if let wait = f.lastAnsweredWait { ByteWriter.append(wait.secondsValue, to: &out) } else { ByteWriter.append("null", to: &out) }
        ByteWriter.append(",\"last_answered_at\":", to: &out)
        if let at = f.lastAnsweredAt {
            out.append(0x22)
            RFC3339.format(at, into: &out)
            out.append(0x22)
        } else {
            ByteWriter.append("null", to: &out)
        }
        optional("expected_seconds", f.expectedWaitSeconds, &out)
        ByteWriter.append("},\"rates\":{", to: &out)
        field("created_15m", f.createdRecently, &out, first: true)
        field("first_responses_15m", f.answeredRecently, &out)
        optional("created_per_minute", f.createdPerMinute, &out)
        optional("first_responses_per_minute", f.firstResponsesPerMinute, &out)
        ByteWriter.append("},\"staffing\":", to: &out)
        guard let s = f.staffing else {
            ByteWriter.append("null", to: &out)
            return
        }
        ByteWriter.append("{\"handle_time_seconds\":", to: &out)
        ByteWriter.append(s.handleTimeSeconds, to: &out)
        optional("threshold_seconds", s.thresholdSeconds, &out)
        optional("offered_load_erlangs", s.offeredLoad, &out)
        ByteWriter.append(",\"agents_needed\":", to: &out)
        if let n = s.needed { ByteWriter.append(n.agents, to: &out) } else { ByteWriter.append("null", to: &out) }
        optional("wait_probability", s.needed?.waitProbability, &out)
        optional("service_level", s.needed?.serviceLevel, &out)
        optional("asa_seconds", s.needed?.averageWait, &out)
        out.append(0x7D)
    }

    private static func field(_ name: String, _ value: Int, _ out: inout [UInt8], first: Bool = false) {
        if !first { out.append(0x2C) }
        ByteWriter.appendJSONString(name, to: &out)
        out.append(0x3A)
        ByteWriter.append(value, to: &out)
    }

    private static func optional(_ name: String, _ value: Double?, _ out: inout [UInt8]) {
        out.append(0x2C)
        ByteWriter.appendJSONString(name, to: &out)
        out.append(0x3A)
        if let value { ByteWriter.append(value, to: &out) } else { ByteWriter.append("null", to: &out) }
    }
}
