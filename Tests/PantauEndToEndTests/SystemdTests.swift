import Foundation
import Glibc
import PantauTestKit
import Testing

/// The units, the install and the package under a real systemd (PID 1 of a sandbox of its own,
/// see `SystemdSandbox`), driven with systemctl and read with journalctl. Skipped, and saying so,
/// where the sandbox cannot run (not root).
@Suite(.serialized, .enabled(if: SystemdSandbox.unavailableReason == nil, "\(SystemdSandbox.unavailableReason ?? "")"))
struct SystemdTests {
    static let repository = TestPaths.repository.path
    static let binary = TestPaths.binary.path

    /// `make install` into the sandbox (PREFIX=/usr/local), a drop-in with a short watchdog, the
    /// configuration on a free port, and `lines` of simulated backlog in the spool.
    static func install(_ s: SystemdSandbox, port: UInt16, backlogTickets: Int) throws {
        let r = try s.run("""
            set -e
            make -s -C \(repository) install INSTALL_BIN=\(binary) PREFIX=/usr/local >/dev/null
            sed -i '/^\\[Daemon\\]/a Listen=127.0.0.1:\(port)\\nCheckpointInterval=2s' /etc/pantau/pantau.conf
            mkdir -p /etc/systemd/system/pantau.service.d
            printf '[Service]\\nWatchdogSec=3s\\n' > /etc/systemd/system/pantau.service.d/test.conf
            \(binary) simulate --to /var/spool/pantau/backlog.jsonl --tickets \(backlogTickets) --start 2026-03-02T00:00:00Z
            chown pantau:pantau /var/spool/pantau/backlog.jsonl
            systemctl daemon-reload
            """)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    /// Event lines read: applied, duplicate and rejected.
    static func linesRead(_ s: SystemdSandbox, port: UInt16) throws -> Double? {
        let results = try ["applied", "duplicate", "rejected"].map { try metric(s, port: port, "pantau_events_total{result=\"\($0)\"}") }
        return results.contains(nil) ? nil : results.reduce(0) { $0 + $1! }
    }

    static func metric(_ s: SystemdSandbox, port: UInt16, _ line: String) throws -> Double? {
        let text = try s.run("curl -s http://127.0.0.1:\(port)/metrics").stdout
        guard let found = text.split(separator: "\n").first(where: { $0.hasPrefix(line + " ") }) else { return nil }
        return Double(found.split(separator: " ").last ?? "")
    }

    static func freePort() throws -> UInt16 { try HTTPTestClientPort.free() }

    @Test func startReloadWatchdogStopAndTheJournal() throws {
        let s = try SystemdSandbox("lifecycle")
        let port = try Self.freePort()
        try Self.install(s, port: port, backlogTickets: 20_000)
        let lines = Double(try s.run("wc -l < /var/spool/pantau/backlog.jsonl").stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(lines > 50_000)

        // start returns only after READY=1, which comes once the backlog is applied.
        let start = try s.run("systemctl start pantau")
        #expect(start.status == 0, "\(start.stderr)")
        #expect(try s.run("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:\(port)/readyz").stdout == "200")
        let read = try Self.linesRead(s, port: port)
        #expect(read == lines, "\(String(describing: read)) of \(lines) lines read when start returned")
        let status = try s.property("StatusText")
        #expect(status.contains("open tickets") && status.contains("SSE clients") && status.contains("last checkpoint"), "\(status)")

        // reload applies a changed target (a drop-in); an invalid configuration is refused and the service stays.
        #expect(try Self.metric(s, port: port, "pantau_build_info{version=\"0.1.0\"}") == 1)
        let target = "pantau_service_level_target_ratio{channel=\"hotline\"}"
        #expect(try Self.metric(s, port: port, target) == 0.8)
        try s.run("mkdir -p /etc/pantau/pantau.conf.d && printf '[Channel hotline]\\nServiceLevelTarget=95%%\\n' > /etc/pantau/pantau.conf.d/50-target.conf")
        let reload = try s.run("systemctl reload pantau")
        #expect(reload.status == 0, "\(reload.stderr)")
        #expect(try Polling.waitUntil(5) { try Self.metric(s, port: port, target) == 0.95 })
        try s.run("printf '[Daemon]\\nPushInterval=soon\\n' > /etc/pantau/pantau.conf.d/60-typo.conf")
        #expect(try s.run("systemctl reload pantau").status == 0)
        #expect(try s.property("ActiveState") == "active")
        #expect(try s.run("journalctl -u pantau MESSAGE_ID=\(LogKindIDs.reloadRefused) -o cat --output-fields=MESSAGE,ERROR").stdout.contains("60-typo.conf:2"))
        #expect(try Self.metric(s, port: port, target) == 0.95)
        try s.run("rm /etc/pantau/pantau.conf.d/60-typo.conf")

        // SIGSTOP: the watchdog (3 s here) restarts it, and the figures continue from the checkpoint.
        #expect(try Polling.waitUntil(10) { try Self.metric(s, port: port, "pantau_checkpoint_last_success_timestamp_seconds") != nil })
        let stateBefore = try s.run("ls -la /var/lib/pantau").stdout
        let mainPID = try s.property("MainPID")
        try s.run("kill -STOP \(mainPID)")
        #expect(try Polling.waitUntil(40) { try s.property("NRestarts") == "1" && s.property("ActiveState") == "active" })
        #expect(try s.property("MainPID") != mainPID)
        #expect(try Polling.waitUntil(20) { try Self.linesRead(s, port: port) != nil })
        #expect(try Self.linesRead(s, port: port) == lines)
        let afterRestart = try s.run("journalctl -u pantau -o cat | grep -v -E 'SLA breached|rejected line' | tail -12; ls -la /var/lib/pantau /var/lib/private 2>&1; grep -n State= /etc/pantau/pantau.conf").stdout
        #expect(afterRestart.contains("restored checkpoint"), "\(afterRestart) before: \(stateBefore)")

        // stop: the final checkpoint, exit 0.
        let stop = try s.run("systemctl stop pantau")
        #expect(stop.status == 0)
        #expect(try s.property("ExecMainStatus") == "0")
        #expect(try s.property("Result") == "success")
        let journal = try s.run("journalctl -u pantau -o json --output-fields=MESSAGE,MESSAGE_ID,PRIORITY,SYSLOG_IDENTIFIER,CODE_FILE,CODE_LINE,CODE_FUNC,TICKET,CHANNEL,SLA,DEADLINE").stdout
        let entries = journal.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(entries.contains { ($0["MESSAGE"] as? String) == "final checkpoint written" })
        let breach = entries.first { ($0["MESSAGE_ID"] as? String) == LogKindIDs.breach }
        #expect(breach != nil, "no breach entry among \(entries.count)")
        if let breach {
            for field in ["TICKET", "CHANNEL", "SLA", "DEADLINE", "CODE_FILE", "CODE_LINE", "CODE_FUNC"] { #expect(breach[field] != nil, "\(field)") }
            #expect(breach["SYSLOG_IDENTIFIER"] as? String == "pantau")
            #expect(breach["PRIORITY"] as? String == "5")
            print("journal breach entry: \(breach)")
        }
    }
}

extension SystemdTests {
    @Test func theSocketStartsTheServiceOnTheFirstConnectionOverIPv4AndIPv6() throws {
        let s = try SystemdSandbox("socket")
        let port = try Self.freePort()
        try Self.install(s, port: try Self.freePort(), backlogTickets: 100)
        let r = try s.run("""
            mkdir -p /etc/systemd/system/pantau.socket.d
            printf '[Socket]\\nListenStream=\\nListenStream=127.0.0.1:\(port)\\nListenStream=[::1]:\(port)\\n' > /etc/systemd/system/pantau.socket.d/port.conf
            systemctl daemon-reload && systemctl start pantau.socket
            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try s.property("ActiveState") == "inactive")
        let v4 = try s.run("curl -s -m 30 http://127.0.0.1:\(port)/healthz")
        #expect(v4.stdout.contains("ok"), "\(v4.stdout)\(v4.stderr)")
        // HTTP answers from the passed socket while the backlog is read; active follows READY=1.
        #expect(try Polling.waitUntil(30) { try s.property("ActiveState") == "active" }, "\((try? s.property("ActiveState")) ?? "?")")
        let v6 = try s.run("curl -s -m 10 -g 'http://[::1]:\(port)/healthz'")
        #expect(v6.stdout.contains("ok"), "\(v6.stdout)\(v6.stderr)")
        let names = try s.run("journalctl -u pantau -o json | grep 'passed by systemd'").stdout
        #expect(names.contains("\"NAME\":\"http\"") && names.contains("[::1]"), "\(names)")
    }

    @Test func unitsVerifyCleanAndScoreAtMostOnePointFive() throws {
        let s = try SystemdSandbox("analyze")
        try Self.install(s, port: try Self.freePort(), backlogTickets: 10)
        let verify = try s.run("systemd-analyze verify /usr/local/lib/systemd/system/pantau.service /usr/local/lib/systemd/system/pantau.socket 2>&1")
        #expect(verify.status == 0 && verify.stdout.isEmpty, "\(verify.stdout)")
        let security = try s.run("systemd-analyze security --offline=true /usr/local/lib/systemd/system/pantau.service 2>&1 | tail -1").stdout
        let score = security.split(separator: " ").compactMap { Double($0) }.first
        #expect(score != nil && score! <= 1.5, "\(security)")
        print("systemd-analyze security: \(security.trimmingCharacters(in: .whitespacesAndNewlines))")
    }

    @Test func thePackageInstallsStartsAndIsRemovedAndPurgedCleanly() throws {
        let s = try SystemdSandbox("package")
        let out = s.dir.appendingPathComponent("deb").path
        let built = try ProcessRunner.run(URL(fileURLWithPath: "\(Self.repository)/contrib/debian/build-deb.sh"), [Self.binary, out])
        #expect(built.status == 0, "\(built.stderr)")
        let deb = built.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try Self.freePort()
        // A configuration of the admin's own (another port) is kept: --force-confold.
        let install = try s.run("""
            set -e
            mkdir -p /etc/pantau
            sed 's/^\\[Daemon\\]/[Daemon]\\nListen=127.0.0.1:\(port)/' \(Self.repository)/Config/pantau.conf > /etc/pantau/pantau.conf
            dpkg --force-confold -i \(deb)
            """)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(try Polling.waitUntil(20) { try s.property("ActiveState") == "active" })
        #expect(try s.run("curl -s -m 10 http://127.0.0.1:\(port)/healthz").stdout.contains("ok"))
        #expect(try s.run("stat -c '%U:%G %a' /var/spool/pantau").stdout.hasPrefix("pantau:pantau 2770"))
        let files = try s.run("dpkg -L pantau").stdout
        print("package files:\n\(files)")
        #expect(files.contains("/usr/bin/pantau") && files.contains("/usr/lib/systemd/system/pantau.service"))

        // An upgrade restarts the service, and its figures continue from the checkpoint.
        let feed = try s.run("""
            set -e
            \(Self.binary) simulate --to /var/spool/pantau/day.jsonl --tickets 2000 --start 2026-03-02T00:00:00Z
            chown pantau:pantau /var/spool/pantau/day.jsonl
            wc -l < /var/spool/pantau/day.jsonl
            """)
        let lines = try #require(Double(feed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(feed.stderr)")
        #expect(try Polling.waitUntil(30) { try Self.linesRead(s, port: port) == lines })
        let applied = try Self.metric(s, port: port, "pantau_events_total{result=\"applied\"}")
        let pid = try s.property("MainPID")
        let next = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
                                         ["PANTAU_DEB_VERSION=0.1.0+next", "\(Self.repository)/contrib/debian/build-deb.sh", Self.binary, out + "-next"])
        #expect(next.status == 0, "\(next.stderr)")
        let upgrade = try s.run("dpkg --force-confold -i \(next.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
        #expect(upgrade.status == 0, "\(upgrade.stdout)\(upgrade.stderr)")
        #expect(try s.run("dpkg-query -W -f '${Version}' pantau").stdout == "0.1.0+next")
        #expect(try Polling.waitUntil(20) { try s.property("ActiveState") == "active" && s.property("MainPID") != pid })
        #expect(try Polling.waitUntil(20) { try Self.linesRead(s, port: port) == lines })
        #expect(try Self.metric(s, port: port, "pantau_events_total{result=\"applied\"}") == applied)
        #expect(try s.run("journalctl -u pantau -o cat").stdout.contains("restored checkpoint"))

        let remove = try s.run("dpkg -r pantau")
        #expect(remove.status == 0, "\(remove.stderr)")
        #expect(try s.run("test -e /usr/bin/pantau").status != 0)
        #expect(try s.run("test -d /var/lib/pantau && getent passwd pantau && test -e /etc/pantau/pantau.conf").status == 0,
                "remove keeps the state, the user and the configuration")
        let purge = try s.run("dpkg -P pantau")
        #expect(purge.status == 0, "\(purge.stderr)")
        #expect(try s.run("test -e /var/lib/pantau || getent passwd pantau || test -e /etc/pantau").status != 0,
                "purge removes the state, the user and the configuration")
        #expect(try s.run("dpkg -s pantau").status != 0)
    }
}

/// The MESSAGE_IDs the tests look for, spelled out (a changed id breaks operators' queries too).
enum LogKindIDs {
    static let breach = "3b8f0d5a6c7e4e1f9a2b4c6d8e0f1a2b"
    static let reloadRefused = "2d9f6b8c0e4a4d7f9b3c1e5a7d9f3b5c"
}
