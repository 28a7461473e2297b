import PantauCore
import PantauSystem

extension EngineService {
    /// Seconds between `STATUS=` summaries once caught up.
    static let statusSeconds = 10

    /// `READY=1` once the backlog is applied (not before: `systemctl start` returns then), with the
    /// summary as `STATUS=`.
    func notifyReady() {
        notifier.notify("READY=1\nSTATUS=\(statusSummary())")
        statusCountdown = EngineService.statusSeconds
    }

    /// From the one-second timer: progress while catching up, then a summary every ten seconds.
    func notifyStatus() {
        if !caughtUp {
            let mib = Double(tailer.consumedBytes) / 1_048_576
            notifier.notify("STATUS=catching up with the spool: \(engine.totals.applied) events applied, "
                            + "\(String(format1: mib)) MiB read, \(tailer.fileCount) files")
            return
        }
        statusCountdown -= 1
        guard statusCountdown <= 0 else { return }
        statusCountdown = EngineService.statusSeconds
        notifier.notify("STATUS=\(statusSummary())")
    }

    /// One line: spool files, open tickets, SSE clients, the last durable checkpoint.
    func statusSummary() -> String {
        let figures = board.read().snapshot
        let open = figures.channels.reduce(0) { total, c in
            total + c.tickets[Int(TicketState.waiting.rawValue)] + c.tickets[Int(TicketState.open.rawValue)]
                + c.tickets[Int(TicketState.pending.rawValue)]
        }
        let checkpoint = checkpointer.lastDurable.map { RFC3339.format($0) } ?? "none yet"
        return "\(tailer.fileCount) spool files, \(open) open tickets, \(publisher.sink.streamCount) SSE clients, last checkpoint \(checkpoint)"
    }

    /// The summary, from any thread.
    func currentStatus() -> String { queue.sync { statusSummary() } }

    /// `WATCHDOG=1`, from a timer on the engine queue: if the engine wedges, the pings stop and
    /// systemd restarts the service.
    func pingWatchdog() {
        notifier.notify("WATCHDOG=1")
    }
}

private extension String {
    /// `x` with one decimal.
    init(format1 x: Double) {
        let tenths = Int((x * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
