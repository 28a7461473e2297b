// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "pantau",
    products: [
        .executable(name: "pantau", targets: ["pantau"]),
        .library(name: "PantauCore", targets: ["PantauCore"]),
    ],
    targets: [
        // libsystemd (sd_notify, sd_journal_sendv, socket activation) through pkg-config.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // epoll, eventfd and statfs from the C library's headers (Swift's Glibc module does not
        // export them), for the HTTP server's event loops and the spool's file checks.
        .systemLibrary(name: "CEpoll"),
        // The pure core: events, parser, configuration model, calendars, SLA engine, figures and
        // rendering. No files, sockets, clocks or Dispatch.
        .target(name: "PantauCore"),
        // The I/O shell: files, command line, (later) spool tailer, HTTP, systemd glue.
        .target(name: "PantauDaemon", dependencies: ["PantauCore", "PantauSimulator", "PantauHTTP", "PantauHTTPServer", "CSystemd", "CEpoll"]),
        .executableTarget(name: "pantau", dependencies: ["PantauDaemon"]),
        .target(name: "PantauSimulator", dependencies: ["PantauCore"]),
        // Pantau's own HTTP/1.1 wire format: request parsing and response heads. Pure: no sockets,
        // clock or Dispatch; the server in the daemon drives it.
        .target(name: "PantauHTTP"),
        // The HTTP/1.1 server: non-blocking POSIX sockets, one epoll event loop per shard (accepting
        // on Dispatch) around PantauHTTP;
        // knows nothing of Pantau's figures (the daemon's handler does).
        .target(name: "PantauHTTPServer", dependencies: ["PantauHTTP", "CEpoll"]),
        .testTarget(name: "PantauCoreTests", dependencies: ["PantauCore"]),
        .testTarget(name: "PantauDaemonTests", dependencies: ["PantauDaemon", "PantauCore", "PantauSimulator", "PantauHTTP"],
                    exclude: ["Support/openmetrics_check.py"]),
        .testTarget(name: "PantauSimulatorTests", dependencies: ["PantauSimulator", "PantauCore"]),
        .testTarget(name: "PantauHTTPTests", dependencies: ["PantauHTTP"]),
        .testTarget(name: "PantauHTTPServerTests", dependencies: ["PantauHTTPServer", "PantauHTTP"]),
    ]
)

// Strictness for every target from one place.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
