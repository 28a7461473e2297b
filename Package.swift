// swift-tools-version: 6.0
import PackageDescription

// The layers, every arrow pointing down (docs/architecture.md):
//   pantau → PantauCommands → PantauServe → PantauHTTPServer → PantauSystem
//                           ↘ PantauSimulator ↘ PantauCore (pure)      ↘ PantauHTTP (pure wire)
let package = Package(
    name: "pantau",
    products: [
        .executable(name: "pantau", targets: ["pantau"]),
    ],
    targets: [
        // libsystemd (socket activation; sd_notify and the journal with the systemd issue) through pkg-config.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // epoll, eventfd and statfs from the C library's headers (Swift's Glibc module does not
        // export them), for the HTTP server's event loops and the spool's file checks.
        .systemLibrary(name: "CEpoll"),
        // The pure core: events, parser, configuration model and reader, calendars, SLA engine,
        // figures, checkpoint format, rendering. No files, sockets, clocks or Dispatch.
        .target(name: "PantauCore"),
        // The simulator's traffic model (pure): seeded, deterministic lines.
        .target(name: "PantauSimulator", dependencies: ["PantauCore"]),
        // Pantau's own HTTP/1.1 wire format: request parsing, response heads, SSE framing. Pure.
        .target(name: "PantauHTTP"),
        // The edge kit: the system-call funnel, descriptors and files, the one clock, the logger,
        // services and the group that runs them and owns the signals.
        .target(name: "PantauSystem"),
        // The HTTP/1.1 server: non-blocking sockets, one epoll event loop per shard around
        // PantauHTTP; knows nothing of Pantau's figures.
        .target(name: "PantauHTTPServer", dependencies: ["PantauHTTP", "PantauSystem", "CEpoll"]),
        // The serve runtime as services: engine (spool, checkpoints, live board), HTTP endpoints, SSE.
        .target(name: "PantauServe", dependencies: ["PantauCore", "PantauHTTP", "PantauHTTPServer", "PantauSystem", "CSystemd", "CEpoll"]),
        // The command line: serve, check-config, replay, simulate (and its spool writers).
        .target(name: "PantauCommands", dependencies: ["PantauServe", "PantauSimulator", "PantauCore", "PantauSystem"]),
        .executableTarget(name: "pantau", dependencies: ["PantauCommands"]),
        // What the tests share: generators, event builders, a manual clock, the daemon launcher,
        // HTTP/SSE clients, the exposition checker.
        .target(name: "PantauTestKit", dependencies: ["PantauCore", "PantauSimulator", "PantauSystem", "CTestKitStartup"]),
        // The test binary's load-time hook: widens the task pool so tests waiting in real time do
        // not idle the cores (PantauTestKit/ElasticTestPool.swift); and a posix_spawn helper
        // Swift's Glibc module does not declare (PantauTestKit/ChildProcess.swift).
        .target(name: "CTestKitStartup"),
        .testTarget(name: "PantauCoreTests", dependencies: ["PantauCore", "PantauSimulator", "PantauTestKit"]),
        .testTarget(name: "PantauSimulatorTests", dependencies: ["PantauSimulator", "PantauCore", "PantauTestKit"]),
        .testTarget(name: "PantauHTTPTests", dependencies: ["PantauHTTP", "PantauSimulator", "PantauTestKit"]),
        .testTarget(name: "PantauHTTPServerTests", dependencies: ["PantauHTTPServer", "PantauHTTP", "PantauSystem"]),
        // The serve runtime in-process: services driven by a manual clock, a scratch spool.
        .testTarget(name: "PantauServeTests", dependencies: ["PantauServe", "PantauCommands", "PantauCore", "PantauSystem", "PantauTestKit"]),
        // The real binary: signals, kill -9, socket activation, promtool, the model-based spool test.
        .testTarget(name: "PantauEndToEndTests", dependencies: ["PantauServe", "PantauCommands", "PantauCore", "PantauSystem", "PantauSimulator", "PantauHTTP", "PantauTestKit"]),
    ]
)

// Strictness for every target from one place.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
