/// Renders a `Snapshot` (and the shell's extra families) as Prometheus text 0.0.4 or
/// OpenMetrics 1.0, with the names of SPEC §5. Into a caller-owned buffer, which a server reuses.
public enum PrometheusRenderer {
    /// Appends the exposition to `out`. `extra` families come after the engine's; OpenMetrics
    /// ends with `# EOF`.
    public static func render(_ s: Snapshot, format: ExpositionFormat, version: String,
                              extra: [MetricFamily] = [], into out: inout [UInt8]) {
        var w = Writer(format: format)
        let channels = s.channels
        func perChannel(_ name: String, _ help: String, _ value: (ChannelFigures) -> Double) {
            w.header(name, help, .gauge, &out)
            for c in channels { w.sample(name, [("channel", c.name)], value(c), &out) }
        }
        perChannel("pantau_queue_depth", "Tickets waiting for a first response.") { Double($0.queueDepth) }
        perChannel("pantau_unassigned_tickets", "Waiting tickets with no agent assigned.") { Double($0.unassigned) }
        w.header("pantau_tickets", "Live tickets by state.", .gauge, &out)
        for c in channels {
            for state in TicketState.allCases {
                w.sample("pantau_tickets", [("channel", c.name), ("state", state.name)], Double(c.tickets[Int(state.rawValue)]), &out)
            }
        }
        perChannel("pantau_oldest_waiting_seconds", "Wall time since creation of the longest-waiting waiting ticket.") {
            $0.oldestWaiting.secondsValue
        }
        w.header("pantau_sla_outcomes", "SLA cycles decided, by outcome.", .counter, &out)
        for c in channels {
            for kind in SLAKind.allCases {
                for outcome in Outcome.allCases {
                    w.sample("pantau_sla_outcomes_total", [("channel", c.name), ("sla", kind.name), ("outcome", outcome.name)],
                             Double(c.sla[Int(kind.rawValue)][outcome]), &out)
                }
            }
        }
        func perSLA(_ name: String, _ help: String, _ value: (SLAFigures) -> Int) {
            w.header(name, help, .gauge, &out)
            for c in channels {
                for kind in SLAKind.allCases {
                    w.sample(name, [("channel", c.name), ("sla", kind.name)], Double(value(c.sla[Int(kind.rawValue)])), &out)
                }
            }
        }
        perSLA("pantau_sla_running", "Undecided SLA cycles, paused ones included.") { $0.running }
        perSLA("pantau_sla_paused", "Undecided SLA cycles paused while the ticket is pending.") { $0.paused }
        perSLA("pantau_sla_at_risk", "Undecided SLA cycles past their warning instant.") { $0.atRisk }
        perSLA("pantau_sla_breached_open", "Breached SLA cycles not yet fulfilled on live tickets.") { $0.breachedOpen }
        for counter in TicketCounter.allCases {
            let family = "pantau_tickets_\(counter.name)"
            w.header(family, "Tickets \(counter.name.split(separator: "_").joined(separator: " ")).", .counter, &out)
            for c in channels {
                w.sample(family + "_total", [("channel", c.name)], Double(c.counters[counter.rawValue]), &out)
            }
        }
        histogram("pantau_first_response_seconds", "Consumed time of fulfilled first-response cycles.",
                  channels.map { ($0.name, $0.firstResponseSeconds) }, &w, &out)
        histogram("pantau_resolution_seconds", "Consumed time of fulfilled resolution cycles.",
                  channels.map { ($0.name, $0.resolutionSeconds) }, &w, &out)
        w.header("pantau_service_level_ratio", serviceLevelHelp(channels), .gauge, &out)
        for c in channels {
            for window in WindowName.allCases {
                w.sample("pantau_service_level_ratio", [("channel", c.name), ("window", window.name)],
                         c.windows[window.rawValue].serviceLevel ?? .nan, &out)
            }
        }
        forecast(channels, &w, &out)
        w.header("pantau_events", "Event lines by result.", .counter, &out)
        w.sample("pantau_events_total", [("result", "applied")], Double(s.events.applied), &out)
        w.sample("pantau_events_total", [("result", "duplicate")], Double(s.events.duplicate), &out)
        w.sample("pantau_events_total", [("result", "rejected")], Double(s.events.rejectedTotal), &out)
        w.header("pantau_events_rejected", "Rejected event lines by reason.", .counter, &out)
        for reason in RejectReason.allCases {
            w.sample("pantau_events_rejected_total", [("reason", reason.name)], Double(s.events[reason]), &out)
        }
        for family in extra {
            let base = family.kind == .counter && family.name.hasSuffix("_total") ? String(family.name.dropLast(6)) : family.name
            w.header(base, family.help, family.kind == .counter ? .counter : .gauge, &out)
            for sample in family.samples { w.sample(family.name, sample.labels, sample.value, &out) }
        }
        w.header("pantau_build_info", "Build information; the value is always 1.", .gauge, &out)
        w.sample("pantau_build_info", [("version", version)], 1, &out)
        if format == .openMetrics { ByteWriter.append("# EOF\n", to: &out) }
    }

    /// The exposition as a string.
    public static func render(_ s: Snapshot, format: ExpositionFormat, version: String, extra: [MetricFamily] = []) -> String {
        var out: [UInt8] = []
        render(s, format: format, version: version, extra: extra, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The forecast families (docs/forecasts.md). A channel without a target or staffing has no
    /// sample in those families (nor a header, when no channel has one); a figure with no basis
    /// yet is NaN, like the service level.
    private static func forecast(_ channels: [ChannelFigures], _ w: inout Writer, _ out: inout [UInt8]) {
        let targets = channels.compactMap { c in c.forecast.serviceLevelTarget.map { (c.name, $0) } }
        if !targets.isEmpty {
            w.header("pantau_service_level_target_ratio", "ServiceLevelTarget= of the channel (channels with one).", .gauge, &out)
            for (name, target) in targets { w.sample("pantau_service_level_target_ratio", [("channel", name)], target, &out) }
        }
        let thresholds = channels.compactMap { c in c.forecast.firstResponseTarget.map { (c.name, $0) } }
        if !thresholds.isEmpty {
            w.header("pantau_first_response_target_seconds", "FirstResponse= of normal priority (channels with one).", .gauge, &out)
            for (name, t) in thresholds { w.sample("pantau_first_response_target_seconds", [("channel", name)], t.secondsValue, &out) }
        }
        w.header("pantau_sla_breaching_soon",
                 "Undecided, unpaused SLA cycles whose deadline falls within the horizon of the engine clock.", .gauge, &out)
        for c in channels {
            for kind in SLAKind.allCases {
                for horizon in ForecastHorizon.allCases {
                    w.sample("pantau_sla_breaching_soon", [("channel", c.name), ("sla", kind.name), ("within", horizon.name)],
                             Double(c.forecast[kind, horizon]), &out)
                }
            }
        }
        func perChannel(_ name: String, _ help: String, _ value: (ChannelForecast) -> Double) {
            w.header(name, help, .gauge, &out)
            for c in channels { w.sample(name, [("channel", c.name)], value(c.forecast), &out) }
        }
        perChannel("pantau_last_answered_wait_seconds",
                   "Wall time from creation to first response of the ticket answered last (NaN before any).") {
            $0.lastAnsweredWait?.secondsValue ?? .nan
        }
        perChannel("pantau_expected_wait_seconds",
                   "Expected wait of a new contact: (queue depth + 1) x 15 min / first responses in the last 15 min (NaN: none).") {
            $0.expectedWaitSeconds ?? .nan
        }
        perChannel("pantau_tickets_created_rate", "Tickets created per second over the last 15 minutes.") {
            Double($0.createdRecently) / ChannelForecast.rateWindow.secondsValue
        }
        perChannel("pantau_first_responses_rate", "First responses per second over the last 15 minutes.") {
            Double($0.answeredRecently) / ChannelForecast.rateWindow.secondsValue
        }
        let staffed = channels.compactMap { c in c.forecast.staffing.map { (c.name, $0) } }
        guard !staffed.isEmpty else { return }
        w.header("pantau_offered_load_erlangs", "Arrival rate of the last 15 minutes times HandleTime= (channels with staffing).",
                 .gauge, &out)
        for (name, s) in staffed { w.sample("pantau_offered_load_erlangs", [("channel", name)], s.offeredLoad, &out) }
        w.header("pantau_agents_needed",
                 "Fewest agents meeting ServiceLevelTarget= within the first-response target at the offered load (Erlang C; NaN: out of reach).",
                 .gauge, &out)
        for (name, s) in staffed { w.sample("pantau_agents_needed", [("channel", name)], s.needed.map { Double($0.agents) } ?? .nan, &out) }
    }

    static func serviceLevelHelp(_ channels: [ChannelFigures]) -> String {
        let formulas = Set(channels.map(\.serviceLevelFormula))
        let base = "Share of first responses within target over the window (empty denominator: NaN); "
        if formulas.count <= 1, let f = formulas.first ?? .some(.offered) {
            return base + "formula \(f.name): \(f.formulaText)."
        }
        return base + "formula per channel: "
            + channels.map { "\($0.name)=\($0.serviceLevelFormula.name) \($0.serviceLevelFormula.formulaText)" }.joined(separator: "; ") + "."
    }

    private static func histogram(_ name: String, _ help: String, _ series: [(String, Histogram)],
                                  _ w: inout Writer, _ out: inout [UInt8]) {
        w.header(name, help, .histogram, &out)
        for (channel, h) in series {
            let cumulative = h.cumulative
            for (i, bound) in Histogram.bounds.enumerated() {
                w.sample(name + "_bucket", [("channel", channel), ("le", w.boundLabel(bound))], Double(cumulative[i]), &out)
            }
            w.sample(name + "_bucket", [("channel", channel), ("le", "+Inf")], Double(h.count), &out)
            w.sample(name + "_sum", [("channel", channel)], h.sumSeconds, &out)
            w.sample(name + "_count", [("channel", channel)], Double(h.count), &out)
        }
    }

    private enum FamilyType: String { case gauge, counter, histogram }

    private struct Writer {
        let format: ExpositionFormat

        func header(_ family: String, _ help: String, _ type: FamilyType, _ out: inout [UInt8]) {
            // Text 0.0.4 names a counter family by its samples' name (`_total`); OpenMetrics without it.
            let name = type == .counter && format == .text ? family + "_total" : family
            ByteWriter.append("# HELP ", to: &out)
            ByteWriter.append(name, to: &out)
            out.append(0x20)
            for b in help.utf8 {
                switch b {
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x22 where format == .openMetrics: out.append(0x5C); out.append(0x22)
                default: out.append(b)
                }
            }
            ByteWriter.append("\n# TYPE ", to: &out)
            ByteWriter.append(name, to: &out)
            out.append(0x20)
            ByteWriter.append(type.rawValue, to: &out)
            out.append(0x0A)
        }

        func sample(_ name: String, _ labels: [(String, String)], _ value: Double, _ out: inout [UInt8]) {
            ByteWriter.append(name, to: &out)
            if !labels.isEmpty {
                out.append(0x7B)
                for (n, (key, value)) in labels.enumerated() {
                    if n > 0 { out.append(0x2C) }
                    ByteWriter.append(key, to: &out)
                    ByteWriter.append("=\"", to: &out)
                    for b in value.utf8 {
                        switch b {
                        case 0x5C: out.append(0x5C); out.append(0x5C)
                        case 0x22: out.append(0x5C); out.append(0x22)
                        case 0x0A: out.append(0x5C); out.append(0x6E)
                        default: out.append(b)
                        }
                    }
                    out.append(0x22)
                }
                out.append(0x7D)
            }
            out.append(0x20)
            ByteWriter.append(value, to: &out)
            out.append(0x0A)
        }

        func boundLabel(_ bound: Double) -> String {
            // OpenMetrics wants canonical floats ("5.0"); text keeps Go's short form ("5").
            format == .openMetrics ? (bound == bound.rounded() ? "\(Int(bound)).0" : "\(bound)") : {
                var out: [UInt8] = []
                ByteWriter.append(bound, to: &out)
                return String(decoding: out, as: UTF8.self)
            }()
        }
    }
}
