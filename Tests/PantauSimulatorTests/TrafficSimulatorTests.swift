import Testing
@testable import PantauSimulator
import PantauCore

@Suite struct TrafficSimulatorTests {
    static let start = RFC3339.parse("2026-03-02T00:00:00Z")!  // a Monday
    static let channels = ["hotline", "chat", "whatsapp", "web_form", "email"]

    /// One emitted line with what the simulator said about it.
    struct Line {
        var bytes: [UInt8]
        var info: SimulatedLine
    }

    static func lines(_ sim: inout TrafficSimulator, count: Int = .max) -> [Line] {
        var result: [Line] = []
        var buffer: [UInt8] = []
        while result.count < count {
            buffer.removeAll(keepingCapacity: true)
            guard let info = sim.next(into: &buffer) else { break }
            result.append(Line(bytes: buffer, info: info))
        }
        return result
    }

    static func parse(_ parser: inout EventParser, _ line: [UInt8]) -> ParseOutcome {
        line.withUnsafeBufferPointer { parser.parse(UnsafeBufferPointer(rebasing: $0.dropLast())) }
    }

    static func bytes(seed: UInt64, count: Int) -> [UInt8] {
        var sim = TrafficSimulator(seed: seed, start: start, ticketsPerHour: 500)
        var out: [UInt8] = []
        for _ in 0..<count {
            let more = sim.nextLine(into: &out)
            #expect(more)
        }
        return out
    }

    @Test func sameSeedGivesSameBytesAndAnotherSeedOthers() {
        let a = Self.bytes(seed: 7, count: 20_000)
        #expect(a == Self.bytes(seed: 7, count: 20_000))
        #expect(a != Self.bytes(seed: 8, count: 20_000))
    }

    @Test func linesAreInTimeOrderWithMillisecondUTCStamps() {
        var sim = TrafficSimulator(seed: 1, start: Self.start, ticketsPerHour: 800)
        var parser = EventParser(channelNames: Self.channels)
        var previous = Instant.distantPast
        var previousInfo = Instant.distantPast
        for line in Self.lines(&sim, count: 50_000) {
            #expect(line.bytes.last == 0x0A && line.bytes.dropLast().firstIndex(of: 0x0A) == nil)
            #expect(line.info.timestamp >= previousInfo)
            previousInfo = line.info.timestamp
            guard case .event(let e) = Self.parse(&parser, line.bytes) else { continue }
            #expect(e.timestamp >= previous)
            #expect(e.timestamp == line.info.timestamp)
            #expect(e.timestamp.nanoseconds % 1_000_000 == 0)
            previous = e.timestamp
            let text = String(decoding: line.bytes, as: UTF8.self)
            #expect(text.contains(#""ts":"\#(RFC3339.format(e.timestamp).dropLast())"#))
            #expect(text.contains(".") && text.contains(#"Z","ticket""#))
        }
    }

    @Test func realLinesParseAndMalformedLinesAreRejectedForTheirReason() throws {
        var sim = TrafficSimulator(seed: 3, start: Self.start, ticketsPerHour: 600, malformedRate: 0.02)
        var parser = EventParser(channelNames: Self.channels)
        var reasons: Set<RejectReason> = []
        for line in Self.lines(&sim, count: 60_000) {
            let outcome = Self.parse(&parser, line.bytes)
            switch line.info.kind {
            case .event, .duplicate:
                guard case .event(let e) = outcome else {
                    Issue.record("rejected: \(outcome) \(String(decoding: line.bytes, as: UTF8.self))")
                    continue
                }
                #expect(e.ticket == line.info.ticket)
                let text = String(decoding: line.bytes, as: UTF8.self)
                #expect(text.hasPrefix(#"{"id":"e\#(line.info.ticketNumber)-"#))
                if e.type.requiresChannel { #expect(e.channel == line.info.channelIndex) }
                if e.type.usesAgent { #expect(e.hasAgent && text.contains(#","agent":"ag"#)) }
                #expect(Self.channels[line.info.channelIndex] == line.info.channel)
            case .malformed(let reason):
                #expect(outcome == .rejected(reason), "\(String(decoding: line.bytes, as: UTF8.self))")
                reasons.insert(reason)
            }
        }
        #expect(reasons == [.invalidJSON, .missingField, .unknownChannel, .unknownType, .invalidField, .invalidUTF8])
    }

    @Test func everyTicketLivesACompleteLifecycle() throws {
        var sim = TrafficSimulator(seed: 11, start: Self.start, ticketsPerHour: 300, ticketLimit: 3000)
        var parser = EventParser(channelNames: Self.channels)
        var byTicket: [String: [Event]] = [:]
        for line in Self.lines(&sim) where line.info.kind == .event {
            guard case .event(let e) = Self.parse(&parser, line.bytes) else { Issue.record("unparsable"); continue }
            byTicket[e.ticket, default: []].append(e)
        }
        var out: [UInt8] = []
        let more = sim.nextLine(into: &out)
        #expect(!more && out.isEmpty)
        #expect(sim.ticketsCreated == 3000 && byTicket.count == 3000)
        #expect(sim.pendingCount == 0 && sim.openTicketCount == 0)
        var types: Set<EventType> = []
        for (ticket, events) in byTicket {
            let number = ticket.dropFirst()
            #expect(events.first?.type == .created, "\(ticket)")
            #expect(events.last?.type == .closed || events.last?.type == .abandoned, "\(ticket)")
            #expect(events.dropLast().allSatisfy { $0.type != .closed && $0.type != .abandoned && $0.type != .created || $0 == events[0] })
            for (n, e) in events.enumerated() {
                #expect(e.idHash == StableHash.hash("e\(number)-\(n + 1)"))
                if n > 0 { #expect(e.timestamp > events[n - 1].timestamp, "\(ticket)") }
                types.insert(e.type)
            }
            if events.last?.type == .abandoned {
                #expect(!events.contains { $0.type == .agentReply })
                #expect(["hotline", "chat", "whatsapp"].contains(Self.channels[events[0].channel!]))
            } else {
                #expect(events.contains { $0.type == .resolved })
            }
        }
        #expect(types == Set(EventType.allCases))
    }

    @Test func duplicateAndMalformedSharesMatchTheirRates() {
        var sim = TrafficSimulator(seed: 5, start: Self.start, ticketsPerHour: 1000)
        let lines = Self.lines(&sim, count: 200_000)
        var real = 0, duplicates = 0, malformed = 0
        for (i, line) in lines.enumerated() {
            switch line.info.kind {
            case .event: real += 1
            case .duplicate:
                duplicates += 1
                #expect(line.bytes == lines[i - 1].bytes && lines[i - 1].info.kind == .event)
            case .malformed: malformed += 1
            }
        }
        let expectedDuplicates = Double(real) * 0.002
        let expectedMalformed = Double(real) * 0.001
        #expect(abs(Double(duplicates) - expectedDuplicates) < expectedDuplicates * 0.25, "\(duplicates)")
        #expect(abs(Double(malformed) - expectedMalformed) < expectedMalformed * 0.3, "\(malformed)")
    }

    @Test func channelMixFollowsTheProfile() {
        var sim = TrafficSimulator(seed: 9, start: Self.start, ticketsPerHour: 1000, duplicateRate: 0, malformedRate: 0)
        var parser = EventParser(channelNames: Self.channels)
        var created = [Int](repeating: 0, count: 5)
        for line in Self.lines(&sim, count: 150_000) {
            if case .event(let e) = Self.parse(&parser, line.bytes), e.type == .created { created[e.channel!] += 1 }
        }
        let total = Double(created.reduce(0, +))
        let shares = TrafficProfile.default.channels.map(\.share)
        let shareTotal = shares.reduce(0, +)
        #expect(TrafficProfile.default.channelNames == Self.channels)
        for c in 0..<5 {
            #expect(abs(Double(created[c]) / total - shares[c] / shareTotal) < 0.015, "\(Self.channels[c]): \(created[c])")
        }
    }

    @Test func arrivalsFollowTheDayAndTheWeekInUTCPlus7() {
        var sim = TrafficSimulator(seed: 13, start: Self.start, ticketsPerHour: 200, closeTickets: false,
                                   duplicateRate: 0, malformedRate: 0)
        var byHour = [Int](repeating: 0, count: 24)
        var weekday = 0, weekend = 0
        var count = 0
        for line in Self.lines(&sim, count: 200 * 24 * 28) {
            let local = line.info.timestamp.seconds + 7 * 3600
            let day = local / 86_400
            byHour[Int(local % 86_400 / 3600)] += 1
            if (day + 3) % 7 >= 5 { weekend += 1 } else { weekday += 1 }
            count += 1
        }
        // Four weeks at 200 an hour on average.
        let hours = Double((sim.ticketsCreated > 0 ? count : 1)) / 200
        #expect(abs(hours - 24 * 28) < 24 * 28 * 0.05)
        #expect(byHour[10] > 8 * byHour[3])
        #expect(byHour[14] > byHour[12] && byHour[10] > byHour[12])
        #expect(Double(weekend) / 2 < 0.6 * Double(weekday) / 5)
    }

    @Test func backOfficeAgentsWorkOfficeHours() {
        var sim = TrafficSimulator(seed: 17, start: Self.start, ticketsPerHour: 300, duplicateRate: 0, malformedRate: 0)
        var parser = EventParser(channelNames: Self.channels)
        var current: [String: Int] = [:]
        var checked = 0
        for line in Self.lines(&sim, count: 100_000) {
            guard case .event(let e) = Self.parse(&parser, line.bytes) else { continue }
            if let c = e.channel { current[e.ticket] = c }
            guard e.type == .agentReply || e.type == .assigned || e.type == .resolved,
                  let c = current[e.ticket], c >= 3 else { continue }
            let local = e.timestamp.seconds + 7 * 3600
            let hour = local % 86_400 / 3600
            #expect((local / 86_400 + 3) % 7 < 5 && (8..<17).contains(hour), "\(e)")
            checked += 1
        }
        #expect(checked > 1000)
    }

    @Test func withoutClosingOnlyCreatedLinesComeOut() {
        var sim = TrafficSimulator(seed: 19, start: Self.start, ticketsPerHour: 5000, closeTickets: false)
        var parser = EventParser(channelNames: Self.channels)
        for line in Self.lines(&sim, count: 20_000) {
            if case .malformed = line.info.kind { continue }
            guard case .event(let e) = Self.parse(&parser, line.bytes) else { Issue.record("unparsable"); continue }
            #expect(e.type == .created)
            #expect(sim.pendingCount <= 1)
        }
        #expect(sim.ticketsCreated >= 19_900)
    }

    @Test func pendingEventsStayProportionalToOpenTickets() {
        var sim = TrafficSimulator(seed: 23, start: Self.start, ticketsPerHour: 60)
        var out: [UInt8] = []
        var maxOpen = [0, 0]
        var maxPending = 0
        for i in 0..<200_000 {
            out.removeAll(keepingCapacity: true)
            let more = sim.nextLine(into: &out)
            #expect(more)
            if i % 100 == 0 {
                #expect(sim.pendingCount <= 10 * max(1, sim.openTicketCount))
                maxOpen[i < 100_000 ? 0 : 1] = max(maxOpen[i < 100_000 ? 0 : 1], sim.openTicketCount)
                maxPending = max(maxPending, sim.pendingCount)
            }
        }
        // Three weeks of traffic: the open tickets level off instead of growing with the total.
        #expect(sim.ticketsCreated > 25_000)
        #expect(maxOpen[1] < sim.ticketsCreated / 5)
        #expect(Double(maxOpen[1]) < 1.5 * Double(maxOpen[0]))
        #expect(maxPending < sim.ticketsCreated)
    }
}
