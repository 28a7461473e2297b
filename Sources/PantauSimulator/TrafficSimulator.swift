import PantauCore

/// Realistic multi-channel contact-centre traffic as JSON Lines (SPEC §2), for `pantau simulate`,
/// benchmarks and tests. Pure and deterministic: no clock, no I/O; the same seed and settings give
/// the same bytes.
///
/// Tickets arrive as a Poisson process following the profile's day (averaging `ticketsPerHour`
/// over a week). Each ticket's whole lifecycle is generated when it arrives and its events wait
/// in a min-heap keyed by (time, push order); an event is emitted only once the arrival clock has
/// passed it. So lines come out in non-decreasing `ts` order, and memory is proportional to the
/// tickets open at a time, not to the tickets generated.
///
/// Event ids are `e<ticket number>-<n>`, tickets `t<number>` from 1, agents `agNNN`; timestamps
/// are UTC with milliseconds and strictly increase within a ticket. Occasionally a line is repeated
/// at once (`duplicateRate`) and a broken line is added after a real one (`malformedRate`); both
/// come in addition to the real events, so every lifecycle stays intact.
public struct TrafficSimulator: Sendable {
    /// The channels and the shape of a day.
    public let profile: TrafficProfile
    /// Average arrivals per hour over a week.
    public let ticketsPerHour: Double
    /// Stop creating tickets after this many; the open ones then run to their end. nil: never stop.
    public var ticketLimit: Int?
    /// false: only `created` lines (tickets stay open), for memory benchmarks of open tickets.
    public var closeTickets: Bool
    /// Probability that a real line is immediately written a second time.
    public var duplicateRate: Double
    /// Probability that a real line is followed by a malformed one.
    public var malformedRate: Double
    /// Tickets created so far.
    public private(set) var ticketsCreated: Int = 0

    private var random: SimulatorRandom
    private var arrivals: ArrivalProcess
    /// The next arrival (ms since the epoch); nil once `ticketLimit` stopped arrivals.
    private var nextArrival: Int64?
    private var heap = PendingEventHeap()
    private let builder: LifecycleBuilder
    private let channelNames: [String]
    private var renderer: LineRenderer
    private var scratch: [PendingEvent] = []
    private var sequence: Int64 = 0
    /// Tickets whose last event is not yet emitted.
    private(set) var openTicketCount = 0

    /// The last real line and its event, while a duplicate or malformed line is due after it.
    private var echo: [UInt8] = []
    private var echoEvent: PendingEvent?
    private var duplicateDue = false
    private var malformedDue = false
    private var malformedSerial: Int64 = 0

    /// Creates a simulator whose first ticket arrives after `start` (instants are cut to whole
    /// milliseconds). `ticketsPerHour` must be positive.
    public init(seed: UInt64, start: Instant, ticketsPerHour: Double, profile: TrafficProfile = .default,
                ticketLimit: Int? = nil, closeTickets: Bool = true, duplicateRate: Double = 0.002,
                malformedRate: Double = 0.001) {
        self.profile = profile
        self.ticketsPerHour = ticketsPerHour
        self.ticketLimit = ticketLimit
        self.closeTickets = closeTickets
        self.duplicateRate = duplicateRate
        self.malformedRate = malformedRate
        var ms = start.nanoseconds / 1_000_000
        if start.nanoseconds < 0, start.nanoseconds % 1_000_000 != 0 { ms -= 1 }
        random = SimulatorRandom(seed: seed)
        arrivals = ArrivalProcess(start: ms, ticketsPerHour: ticketsPerHour, profile: profile)
        builder = LifecycleBuilder(profile: profile)
        channelNames = profile.channelNames
        renderer = LineRenderer(channelNames: channelNames)
        nextArrival = arrivals.next(random: &random)
    }

    /// Events generated but not yet emitted (internal: for memory tests).
    var pendingCount: Int { heap.count }

    /// Appends the next line, LF included, to `out`. Returns false (appending nothing) once
    /// `ticketLimit` tickets have run to their end; without a limit it never ends.
    @discardableResult
    public mutating func nextLine(into out: inout [UInt8]) -> Bool {
        next(into: &out) != nil
    }

    /// Appends the next line, LF included, to `out` and tells where it belongs; nil (appending
    /// nothing) once `ticketLimit` tickets have run to their end.
    public mutating func next(into out: inout [UInt8]) -> SimulatedLine? {
        if let e = echoEvent {
            if duplicateDue {
                duplicateDue = false
                out.append(contentsOf: echo)
                if !malformedDue { echoEvent = nil }
                return describe(e, .duplicate)
            }
            if malformedDue {
                malformedDue = false
                echoEvent = nil
                malformedSerial += 1
                let kind = MalformedLine.allCases[Int(random.integer(0, Int64(MalformedLine.allCases.count)))]
                kind.render(event: e, real: echo, serial: malformedSerial, renderer: &renderer, random: &random, into: &out)
                return describe(e, .malformed(kind.reason))
            }
        }
        while true {
            if nextArrival != nil, let limit = ticketLimit, ticketsCreated >= limit { nextArrival = nil }
            if let top = heap.first, nextArrival.map({ top.time <= $0 }) ?? true {
                _ = heap.popFirst()
                if top.isLast { openTicketCount -= 1 }
                let start = out.count
                renderer.render(top, into: &out)
                duplicateDue = random.chance(duplicateRate)
                malformedDue = random.chance(malformedRate)
                if duplicateDue || malformedDue {
                    echo.removeAll(keepingCapacity: true)
                    echo.append(contentsOf: out[start...])
                    echoEvent = top
                }
                return describe(top, .event)
            }
            guard let arrival = nextArrival else { return nil }
            createTicket(at: arrival)
            nextArrival = arrivals.next(random: &random)
        }
    }

    /// Generates a ticket's lifecycle and queues its events.
    private mutating func createTicket(at arrival: Int64) {
        ticketsCreated += 1
        scratch.removeAll(keepingCapacity: true)
        builder.build(ticket: Int64(ticketsCreated), arrival: arrival, complete: closeTickets, random: &random,
                      into: &scratch)
        for var e in scratch {
            sequence += 1
            e.sequence = sequence
            heap.push(e)
        }
        openTicketCount += 1
    }

    private func describe(_ e: PendingEvent, _ kind: SimulatedLineKind) -> SimulatedLine {
        SimulatedLine(timestamp: Instant(nanoseconds: e.time * 1_000_000), channel: channelNames[Int(e.channel)],
                      channelIndex: Int(e.channel), ticketNumber: e.ticket, kind: kind)
    }
}
