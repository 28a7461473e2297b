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
                } else {
                    figures[cc].sla[k].breachedOpen += 1
                }
            }
        }
        return Snapshot(at: clock, channels: figures, events: totals)
    }
}
