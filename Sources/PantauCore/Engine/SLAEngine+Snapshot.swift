/// The figures of SPEC §3.5 at the engine clock.
extension SLAEngine {
    /// The figures at the engine clock. Gauges are counted over the live tickets; counters and
    /// windows come from the accumulators.
    public func snapshot() -> Snapshot {
        var figures = settings.channels.enumerated().map { n, rules in
            var f = ChannelFigures(name: rules.name, serviceLevelFormula: rules.serviceLevel)
            let acc = channels[n]
            f.counters = acc.counters
            for kind in SLAKind.allCases {
                for outcome in Outcome.allCases {
                    f.sla[Int(kind.rawValue)][outcome] = acc.outcomes[Int(kind.rawValue) * Outcome.allCases.count + Int(outcome.rawValue)]
                }
            }
            f.windows = acc.windows.figures(clock: clock, formula: rules.serviceLevel)
            f.firstResponseSeconds = acc.firstResponseSeconds
            f.resolutionSeconds = acc.resolutionSeconds
            return f
        }
        // A deadline before `clock + horizon` breaches within the horizon if no event arrives
        // (timers fire strictly before the instant the clock moves to).
        let limits = ForecastHorizon.allCases.map { (clock + $0.span).nanoseconds }
        for t in tickets where t.inUse {
            guard let state = t.phase.gaugeState else { continue }
            let ch = Int(t.channel)
            figures[ch].tickets[Int(state.rawValue)] += 1
            if state == .waiting {
                if !t.hasAgent { figures[ch].unassigned += 1 }
                figures[ch].oldestWaiting = max(figures[ch].oldestWaiting, clock - t.created)
            }
            for kind in SLAKind.allCases {
                guard let c = t[kind] else { continue }
                let k = Int(kind.rawValue)
                let cc = Int(c.channel)
                if c.undecided {
                    figures[cc].sla[k].running += 1
                    if c.paused { figures[cc].sla[k].paused += 1 }
                    if c.warned { figures[cc].sla[k].atRisk += 1 }
                    if !c.paused {
                        let deadline = c.deadline.nanoseconds
                        for h in limits.indices where deadline < limits[h] { figures[cc].forecast.breachingSoon[k][h] += 1 }
                    }
                } else {
                    figures[cc].sla[k].breachedOpen += 1
                }
            }
        }
        for n in figures.indices { forecast(channel: n, into: &figures[n]) }
        return Snapshot(at: clock, channels: figures, events: totals)
    }

    /// The forecast figures of channel `n` beyond breaching soon (counted with the gauges).
    private func forecast(channel n: Int, into f: inout ChannelFigures) {
        let rules = settings.channels[n]
        let recent = channels[n].recent
        let window = ChannelForecast.rateWindow.secondsValue
        f.forecast.serviceLevelTarget = rules.serviceLevelTarget
        f.forecast.firstResponseTarget = rules.target(.firstResponse, .normal).flatMap { $0 == .infinite ? nil : $0 }
        f.forecast.lastAnsweredWait = recent.lastAnswerWait
        f.forecast.lastAnsweredAt = recent.lastAnswerAt
        let created = recent.createdCount(clock: clock)
        let answered = f.windows[WindowName.fifteenMinutes.rawValue].answered
        f.forecast.createdRecently = created
        f.forecast.answeredRecently = answered
        // The new contact's place in the queue times the mean interval between first responses.
        f.forecast.expectedWaitSeconds = answered > 0 ? Double(f.queueDepth + 1) * window / Double(answered) : nil
        if let handleTime = rules.handleTime, let target = rules.serviceLevelTarget,
           let threshold = rules.target(.firstResponse, .normal) {
            let load = Double(created) * handleTime.secondsValue / window
            f.forecast.staffing = Staffing(
                handleTimeSeconds: handleTime.secondsValue, thresholdSeconds: threshold.secondsValue, offeredLoad: load,
                needed: ErlangC.agentsNeeded(load: load, handleTime: handleTime.secondsValue, threshold: threshold.secondsValue, target: target))
        }
    }
}
