import Foundation
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// `pantau replay` on the real help-desk log (3,804 tickets, 2010–2012): invariants that must hold.
/// Needs the public help-desk corpus beside the repository (`../shared/corpora/helpdesk`); without it
/// the suite reports itself skipped.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: TestPaths.helpdeskEvents.path),
                "the help-desk corpus (../shared/corpora/helpdesk/events.jsonl) is absent"))
struct HelpdeskCorpusTests {
    static func configuration() throws -> Configuration {
        let text = """
        [Daemon]
        TimeZone=Europe/Rome
        [Calendar office]
        TimeZone=Europe/Rome
        Weekdays=08:00-13:00 14:00-18:00
        [Channel web_form]
        Calendar=office
        FirstResponse=4h
        NextResponse=8h
        Resolution=40h
        [Channel email]
        Calendar=office
        FirstResponse=8h
        Resolution=40h
        OnReopen=restart
        [Channel whatsapp]
        FirstResponse=1h
        NextResponse=2h
        Resolution=3d
        """
        return try ConfigurationParser.parse([ConfigurationSource(path: "corpus.conf", text: text)]).get()
    }

    @Test func replayOfTheHelpdeskLogHoldsItsInvariants() throws {
        let s = try ReplayCommand.replay(files: [TestPaths.helpdeskEvents.path], configuration: Self.configuration(), now: nil)
        // The corpus README: 22,790 applied, 93 duplicate, 0 rejected.
        #expect(s.events.applied == 22_790)
        #expect(s.events.duplicate == 93)
        #expect(s.events.rejectedTotal == 0)
        #expect(s.at == RFC3339.parse("2012-11-20T16:41:28+01:00"))
        let created = Dictionary(uniqueKeysWithValues: s.channels.map { ($0.name, $0.counters[TicketCounter.created.rawValue]) })
        #expect(created == ["web_form": 1706, "email": 1546, "whatsapp": 552])
        var reopenedTotal = 0
        for c in s.channels {
            let counters = c.counters
            // Every ticket was closed 15 days after its last resolve: nothing is live any more.
            #expect(c.tickets == [0, 0, 0, 0], "\(c.name)")
            #expect(counters[TicketCounter.closed.rawValue] == counters[TicketCounter.created.rawValue])
            #expect(counters[TicketCounter.resolved.rawValue] >= counters[TicketCounter.created.rawValue])
            reopenedTotal += counters[TicketCounter.reopened.rawValue]
            for kind in SLAKind.allCases {
                let f = c.sla[Int(kind.rawValue)]
                #expect(f.running == 0 && f.breachedOpen == 0 && f.atRisk == 0 && f.paused == 0)
            }
            // One first-response cycle per ticket, each with exactly one outcome.
            let fr = c.sla[Int(SLAKind.firstResponse.rawValue)]
            #expect(fr.outcomes.reduce(0, +) == counters[TicketCounter.created.rawValue], "\(c.name)")
            // Resolution cycles: one at creation and one per reopen.
            let res = c.sla[Int(SLAKind.resolution.rawValue)]
            #expect(res.outcomes.reduce(0, +) == counters[TicketCounter.created.rawValue] + counters[TicketCounter.reopened.rawValue])
            #expect(c.firstResponseSeconds.count <= UInt64(fr[.met] + fr[.breached]))
            #expect(c.firstResponseSeconds.cumulative.last == c.firstResponseSeconds.count)
            // email has no next-response target.
            if c.name == "email" { #expect(c.sla[Int(SLAKind.nextResponse.rawValue)].outcomes.reduce(0, +) == 0) }
        }
        // The corpus README counts 138 reopened events; every one follows a resolve.
        #expect(reopenedTotal == 138)
    }

    @Test func splittingTheLogByChannelGivesTheSameFigures() throws {
        let dir = try TestPaths.scratch("split-channel")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = try String(contentsOf: TestPaths.helpdeskEvents, encoding: .utf8).split(separator: "\n")
        var files: [String: [Substring]] = [:]
        var channelOf: [String: String] = [:]
        for line in lines {
            let ticket = line.firstMatch(of: /"ticket":"([^"]+)"/)!.1
            if let c = line.firstMatch(of: /"channel":"([^"]+)"/) { channelOf[String(ticket)] = String(c.1) }
            files[channelOf[String(ticket)]!, default: []].append(line)
        }
        var paths: [String] = []
        for (name, part) in files.sorted(by: { $0.key < $1.key }) {
            let url = dir.appendingPathComponent("\(name).jsonl")
            try (part.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let whole = try ReplayCommand.replay(files: [TestPaths.helpdeskEvents.path], configuration: Self.configuration(), now: nil)
        let split = try ReplayCommand.replay(files: paths, configuration: Self.configuration(), now: nil)
        #expect(SnapshotJSONRenderer.render(split) == SnapshotJSONRenderer.render(whole))
    }

    @Test func realBinaryPrintsTheSnapshotAndPrometheusText() throws {
        let dir = try TestPaths.scratch("binary")
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = dir.appendingPathComponent("pantau.conf")
        try """
        [Channel web_form]
        FirstResponse=4h
        [Channel email]
        FirstResponse=8h
        [Channel whatsapp]
        FirstResponse=1h
        """.write(to: conf, atomically: true, encoding: .utf8)
        let json = try ProcessRunner.run(TestPaths.binary, ["replay", "--config", conf.path, TestPaths.helpdeskEvents.path])
        #expect(json.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let events = doc?["events"] as? [String: Any]
        #expect(events?["applied"] as? Int == 22_790)
        let prom = try ProcessRunner.run(TestPaths.binary, ["replay", "--config", conf.path, "--format", "prometheus",
                                                            "--now", "2013-01-01T00:00:00Z", TestPaths.helpdeskEvents.path])
        #expect(prom.status == 0)
        #expect(prom.stdout.contains(#"pantau_events_total{result="duplicate"} 93"#))
        let bad = try ProcessRunner.run(TestPaths.binary, ["replay", "--config", conf.path, "--now", "soon", TestPaths.helpdeskEvents.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--now expects an RFC 3339 time"))
    }
}
