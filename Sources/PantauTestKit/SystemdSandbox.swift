import Foundation
import Glibc

/// A real systemd as PID 1 in fresh PID and mount namespaces, for the tests of the units, the
/// install and the package. The host is left as it was: `/etc`, `/usr` and `/var` are overlays
/// whose upper layers live on a tmpfs of the namespace (installed files, users, the package
/// database, the journal, the state all vanish with it), `/run`, `/tmp` and `/var/tmp` are fresh
/// tmpfs, and the units that act on the machine (tmpfiles, sysctl, udev, timers, …) are masked.
/// Killed (the whole PID namespace) on deinit.
package final class SystemdSandbox: @unchecked Sendable {
    package let dir: URL
    /// systemd's PID as the host sees it.
    package private(set) var pid: Int32 = 0
    private var process: ChildProcess!

    /// Why a sandbox cannot run here, or nil: it needs root, unshare, nsenter and systemd.
    package static var unavailableReason: String? {
        if getuid() != 0 { return "needs root (unshare of PID and mount namespaces, a systemd as PID 1)" }
        for tool in ["/usr/bin/unshare", "/usr/bin/nsenter", "/lib/systemd/systemd", "/usr/bin/systemctl"] where access(tool, X_OK) != 0 {
            return "\(tool) is missing"
        }
        return nil
    }

    package init(_ name: String) throws {
        dir = try TestPaths.scratch("systemd-\(name)")
        let units = dir.appendingPathComponent("units")
        try FileManager.default.createDirectory(at: units, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("ovl"), withIntermediateDirectories: true)
        try Self.target.write(to: units.appendingPathComponent("pantau-test.target"), atomically: true, encoding: .utf8)
        for unit in Self.masked() {
            try FileManager.default.createSymbolicLink(atPath: units.appendingPathComponent(unit).path, withDestinationPath: "/dev/null")
        }
        let script = """
            set -e
            R="$1"
            mount -t tmpfs tmpfs "$R/ovl"
            for d in etc usr var; do
                mkdir -p "$R/ovl/$d/up" "$R/ovl/$d/work"
                mount -t overlay overlay -o "lowerdir=/$d,upperdir=$R/ovl/$d/up,workdir=$R/ovl/$d/work" "/$d"
            done
            mount -t tmpfs tmpfs /tmp
            mount -t tmpfs tmpfs /var/tmp
            mount -t tmpfs tmpfs /run
            exec /lib/systemd/systemd --system --unit=pantau-test.target
            """
        var environment = ProcessInfo.processInfo.environment
        environment["SYSTEMD_UNIT_PATH"] = units.path + ":"
        let log = dir.appendingPathComponent("boot.log")
        process = try ChildProcess("/usr/bin/unshare", ["--pid", "--fork", "--mount", "--mount-proc", "--propagation", "private",
                                                        "sh", "-c", script, "sh", dir.path],
                                   output: log.path, environment: environment)
        // unshare forks: its child (sh, then systemd) is PID 1 of the namespace.
        let deadline = Date().addingTimeInterval(20)
        while pid == 0 && Date() < deadline {
            let children = (try? String(contentsOfFile: "/proc/\(process.pid)/task/\(process.pid)/children", encoding: .utf8)) ?? ""
            if let child = children.split(separator: " ").first.flatMap({ Int32($0) }),
               ((try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8)) ?? "").hasPrefix("systemd") {
                pid = child
            } else {
                usleep(20_000)
            }
        }
        guard pid != 0 else { throw ServedDaemonError("systemd did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")") }
        // systemctl needs systemd's private socket, which comes a moment after PID 1 does.
        _ = try Polling.waitUntil(20) { try run("test -S /run/systemd/private").status == 0 }
        let running = try run("systemctl is-system-running --wait", timeout: 60)
        guard running.stdout.contains("running") || running.stdout.contains("degraded") else {
            throw ServedDaemonError("systemd did not finish booting: \(running.stdout) \(running.stderr)")
        }
    }

    deinit {
        if pid != 0 { kill(pid, SIGKILL) }
        if let process {
            process.send(SIGKILL)
            _ = process.wait(seconds: 10)
        }
        try? FileManager.default.removeItem(at: dir)
    }

    /// `command` through `sh -c` inside the namespaces (as `nsenter -t PID -m -p`).
    @discardableResult
    package func run(_ command: String, timeout: Double = 120) throws -> ProcessRunner.Result {
        try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/nsenter"),
                              ["-t", String(pid), "-m", "-p", "--", "/bin/sh", "-c", command], timeout: timeout)
    }

    /// `systemctl show -p PROPERTY --value UNIT`.
    package func property(_ property: String, of unit: String = "pantau.service") throws -> String {
        try run("systemctl show -p \(property) --value \(unit)").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let target = """
        [Unit]
        Description=Pantau test target (a minimal boot: the journal, nothing that touches the host)
        Wants=systemd-journald.socket systemd-journald.service
        After=systemd-journald.socket systemd-journald.service
        """

    /// The units masked: those acting on the machine, the timers, and whatever sysinit.target pulls in.
    private static func masked() -> [String] {
        var units: Set<String> = [
            "systemd-tmpfiles-setup.service", "systemd-tmpfiles-setup-dev.service", "systemd-tmpfiles-setup-dev-early.service",
            "systemd-tmpfiles-clean.service", "systemd-sysctl.service", "systemd-sysusers.service", "systemd-udevd.service",
            "systemd-udev-trigger.service", "systemd-udev-settle.service", "systemd-udevd-control.socket", "systemd-udevd-kernel.socket",
            "systemd-modules-load.service", "systemd-random-seed.service", "systemd-remount-fs.service", "systemd-binfmt.service",
            "systemd-update-utmp.service", "systemd-update-utmp-runlevel.service", "networking.service", "systemd-firstboot.service",
            "systemd-machine-id-commit.service", "systemd-hwdb-update.service", "ldconfig.service", "systemd-pstore.service",
            "systemd-boot-system-token.service", "systemd-fsck-root.service", "proc-sys-fs-binfmt_misc.automount",
            "sys-kernel-debug.mount", "sys-kernel-tracing.mount", "sys-kernel-config.mount", "sys-fs-fuse-connections.mount",
            "dev-hugepages.mount", "dev-mqueue.mount", "kmod-static-nodes.service", "systemd-journal-catalog-update.service",
            "getty.target", "console-getty.service", "systemd-logind.service", "cron.service", "e2scrub_reap.service",
        ]
        let lib = "/lib/systemd/system"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? [] where name.hasSuffix(".timer") { units.insert(name) }
        for wants in ["sysinit.target.wants", "multi-user.target.wants", "sockets.target.wants", "basic.target.wants"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "\(lib)/\(wants)")) ?? []
            where !name.hasPrefix("systemd-journald") { units.insert(name) }
        }
        return units.sorted()
    }
}
