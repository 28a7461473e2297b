import Foundation
@testable import PantauCore

/// Drives an `SLAEngine` with terse events for hand-computed tests. Times are seconds after T0
/// (Monday 2026-03-02 00:00:00Z) unless an `Instant` is given.
struct EngineHarness {
    static let t0 = RFC3339.parse("2026-03-02T00:00:00Z")!

    var engine: SLAEngine
    var notifications: [SLANotification] = []
    var serial = 0
    let channels: [String]

    init(_ configuration: Configuration) {
        channels = configuration.channels.map(\.name)
        engine = SLAEngine(settings: EngineSettings(configuration: configuration, defaultTimeZone: TimeZone(identifier: "UTC")!))
    }

    /// One channel `chat` with the given targets, plus `voice` with a 60 s first response.
    init(firstResponse: TimeSpan? = .seconds(60), nextResponse: TimeSpan? = .seconds(120), resolution: TimeSpan? = .seconds(3600),
         tweak: (inout ChannelPolicy) -> Void = { _ in }, daemon: (inout DaemonSettings) -> Void = { _ in }) {
        var chat = ChannelPolicy(name: "chat", targets: SLATargets(firstResponse: firstResponse, nextResponse: nextResponse, resolution: resolution))
        tweak(&chat)
        let voice = ChannelPolicy(name: "voice", targets: SLATargets(firstResponse: .seconds(60)))
        var settings = DaemonSettings()
        settings.timeZone = "UTC"
        daemon(&settings)
        self.init(Configuration(daemon: settings, channels: [chat, voice]))
    }

    static func at(_ seconds: Double) -> Instant { t0 + TimeSpan(nanoseconds: Int64((seconds * 1e9).rounded())) }

    @discardableResult
    mutating func send(_ type: EventType, _ ticket: String = "t1", at seconds: Double, channel: String? = nil,
                       priority: Priority? = nil, agent: String? = nil, id: String? = nil, wallClock: Instant? = nil) -> ApplyResult {
        serial += 1
        let event = Event(id: id ?? "e\(serial)", timestamp: EngineHarness.at(seconds), ticket: ticket, type: type,
                          channel: channel.flatMap { channels.firstIndex(of: $0) } ?? (type.requiresChannel ? 0 : nil),
                          priority: priority, agent: agent)
        return engine.apply(event, wallClock: wallClock, notifications: &notifications)
    }

    mutating func create(_ ticket: String = "t1", at seconds: Double, channel: String = "chat", priority: Priority? = nil) {
        let r = send(.created, ticket, at: seconds, channel: channel, priority: priority)
        precondition(r == .applied, "create \(ticket): \(r)")
    }

    mutating func advance(to seconds: Double) {
        engine.advance(to: EngineHarness.at(seconds), notifications: &notifications)
    }

    var snapshot: Snapshot { engine.snapshot() }

    func channel(_ name: String = "chat") -> ChannelFigures { snapshot.channels.first { $0.name == name }! }

    func sla(_ kind: SLAKind, _ channel: String = "chat") -> SLAFigures { self.channel(channel).sla[Int(kind.rawValue)] }

    func outcome(_ kind: SLAKind, _ outcome: Outcome, _ channel: String = "chat") -> Int { sla(kind, channel)[outcome] }

    func tickets(_ state: TicketState, _ channel: String = "chat") -> Int { self.channel(channel).tickets[Int(state.rawValue)] }

    func counter(_ c: TicketCounter, _ channel: String = "chat") -> Int { self.channel(channel).counters[c.rawValue] }

    func window(_ w: WindowName, _ channel: String = "chat") -> WindowFigures { self.channel(channel).windows[w.rawValue] }

    /// Notifications so far, as (kind, seconds after T0, sla).
    var pushed: [(SLANotification.Kind, Double, SLAKind)] {
        notifications.map { ($0.kind, Double(($0.at - EngineHarness.t0).nanoseconds) / 1e9, $0.sla) }
    }

    func breaches(_ kind: SLAKind) -> [Double] {
        pushed.filter { $0.0 == .breach && $0.2 == kind }.map(\.1)
    }

    func warnings(_ kind: SLAKind) -> [Double] {
        pushed.filter { $0.0 == .warning && $0.2 == kind }.map(\.1)
    }
}
