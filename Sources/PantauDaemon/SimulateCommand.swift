import Glibc
import PantauCore
import PantauSimulator

/// `pantau simulate --to FILE --tickets N [--seed S] [--start T] [--rate N/h] [--open-only]`:
/// realistic multi-channel traffic (SPEC §5) written to a file (`-` for stdout), in `ts` order.
enum SimulateCommand {
    static let usage = "usage: pantau simulate --to FILE|- --tickets N [--seed S] [--start RFC3339] [--rate TICKETS/h] [--open-only] [--clean]"

    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        let a = try CommandArguments(args, options: ["config", "to", "tickets", "seed", "start", "rate"],
                                     flags: ["open-only", "clean"])
        guard let to = a["to"] else { throw CommandArguments.Failure(description: "--to is required\n" + usage) }
        let tickets = try a.integer("tickets", default: 1000)
        guard tickets > 0 else { throw CommandArguments.Failure(description: "--tickets must be positive") }
        let seed = try a.integer("seed", default: 1)
        var start = RFC3339.parse("2026-03-02T00:00:00Z")!
        if let text = a["start"] {
            guard let parsed = RFC3339.parse(text) else {
                throw CommandArguments.Failure(description: "--start expects an RFC 3339 time, got \"\(text)\"")
            }
            start = parsed
        }
        let rateText = (a["rate"] ?? "600").split(separator: "/").first.map(String.init) ?? ""
        guard let rate = Double(rateText), rate > 0 else {
            throw CommandArguments.Failure(description: "--rate expects tickets per hour, e.g. 600 or 600/h")
        }
        let clean = a.has("clean")
        var simulator = TrafficSimulator(
            seed: UInt64(bitPattern: Int64(seed)), start: start, ticketsPerHour: rate, ticketLimit: tickets,
            closeTickets: !a.has("open-only"), duplicateRate: clean ? 0 : 0.002, malformedRate: clean ? 0 : 0.001)
        let fd = to == "-" ? 1 : open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandArguments.Failure(description: "\(to): \(String(cString: strerror(errno)))") }
        defer { if fd != 1 { close(fd) } }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var lines = 0
        while simulator.nextLine(into: &buffer) {
            lines += 1
            if buffer.count >= 1 << 20 {
                try writeAll(fd, buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try writeAll(fd, buffer)
        if to != "-" { StandardStreams.err("pantau: wrote \(lines) lines for \(tickets) tickets to \(to)\n") }
        return 0
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { buf in
            var offset = 0
            while offset < buf.count {
                let n = try SystemCall.retrying("write") { write(fd, buf.baseAddress! + offset, buf.count - offset) }
                offset += n
            }
        }
    }
}
