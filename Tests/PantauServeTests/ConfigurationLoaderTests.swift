import Foundation
import Testing
import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// The loader against a real directory: main file, drop-ins in lexical order, unreadable files and
/// the bundled `Config/pantau.conf`.
@Suite struct ConfigurationLoaderTests {
    /// A fresh directory, removed after `body`.
    private func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    private func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    private func errors(_ result: Result<Configuration, ConfigurationErrors>) -> [String] {
        if case .failure(let errors) = result { return errors.errors.map(\.description) }
        return []
    }

    @Test func defaultPath() {
        #expect(ConfigurationLoader.defaultPath == "/etc/pantau/pantau.conf")
    }

    @Test func mainFileWithoutDropInDirectory() throws {
        try withDirectory { directory in
            let main = directory.appendingPathComponent("pantau.conf")
            try write("[Channel chat]\nFirstResponse=1min\n", to: main)
            let configuration = try ConfigurationLoader.load(path: main.path).get()
            #expect(configuration.channels.map(\.name) == ["chat"])
        }
    }

    @Test func dropInsApplyInLexicalOrder() throws {
        try withDirectory { directory in
            let main = directory.appendingPathComponent("pantau.conf")
            let dropIns = directory.appendingPathComponent("pantau.conf.d")
            try write("[Channel chat]\nFirstResponse=1min\nNextResponse=2min\n", to: main)
            // Written out of order: the names decide, not the creation order.
            try write("[Channel chat]\nFirstResponse=30s\n[Channel email]\nFirstResponse=8h\n",
                      to: dropIns.appendingPathComponent("20-b.conf"))
            try write("[Channel chat]\nFirstResponse=45s\nNextResponse=90s\n[Channel web_form]\n",
                      to: dropIns.appendingPathComponent("10-a.conf"))
            // Not drop-ins: wrong suffix, hidden, a directory.
            try write("[Channel ignored]\n", to: dropIns.appendingPathComponent("30-c.conf.disabled"))
            try write("[Channel hidden]\n", to: dropIns.appendingPathComponent(".40-d.conf"))
            try FileManager.default.createDirectory(at: dropIns.appendingPathComponent("50-dir.conf"),
                                                    withIntermediateDirectories: true)
            let configuration = try ConfigurationLoader.load(path: main.path).get()
            #expect(configuration.channels.map(\.name) == ["chat", "web_form", "email"])
            #expect(configuration.channel(named: "chat")?.targets
                    == SLATargets(firstResponse: .seconds(30), nextResponse: .seconds(90)))
        }
    }

    @Test func lexicalOrderIsByteOrder() throws {
        try withDirectory { directory in
            let main = directory.appendingPathComponent("pantau.conf")
            let dropIns = directory.appendingPathComponent("pantau.conf.d")
            try write("[Channel chat]\n", to: main)
            // "Z" (0x5A) sorts before "a" (0x61) in byte order.
            try write("[Channel chat]\nFirstResponse=2min\n", to: dropIns.appendingPathComponent("a.conf"))
            try write("[Channel chat]\nFirstResponse=1min\n", to: dropIns.appendingPathComponent("Z.conf"))
            let configuration = try ConfigurationLoader.load(path: main.path).get()
            #expect(configuration.channels.first?.targets.firstResponse == .minutes(2))
        }
    }

    @Test func errorsOfEveryFileInFileOrder() throws {
        try withDirectory { directory in
            let main = directory.appendingPathComponent("pantau.conf")
            let dropIns = directory.appendingPathComponent("pantau.conf.d")
            try write("[Channel chat]\nFirstRespons=1min\n", to: main)
            try write("[Channel chat]\nWarnAt=0%\n", to: dropIns.appendingPathComponent("20-b.conf"))
            try write("[Daemon]\nPushInterval=0\n", to: dropIns.appendingPathComponent("10-a.conf"))
            #expect(errors(ConfigurationLoader.load(path: main.path)) == [
                "\(main.path):2: unknown key \"FirstRespons\" in [Channel chat]; did you mean \"FirstResponse\"?",
                "\(dropIns.path)/10-a.conf:2: invalid value \"0\" for PushInterval: expected a time span longer than zero",
                "\(dropIns.path)/20-b.conf:2: invalid value \"0%\" for WarnAt: expected a percentage above 0% and at most 100%, such as 80%",
            ])
        }
    }

    @Test func missingMainFileIsAnError() throws {
        try withDirectory { directory in
            let main = directory.appendingPathComponent("absent.conf").path
            #expect(errors(ConfigurationLoader.load(path: main))
                    == ["\(main):0: cannot read configuration file: No such file or directory"])
        }
    }

    @Test func unreadableMainFileIsAnError() throws {
        try withDirectory { directory in
            let main = directory.appendingPathComponent("pantau.conf")
            try write("[Channel chat]\n", to: main)
            try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: main.path)
            let readable = FileManager.default.isReadableFile(atPath: main.path)  // true when running as root
            let result = errors(ConfigurationLoader.load(path: main.path))
            #expect(result == (readable ? [] : ["\(main.path):0: cannot read configuration file: Permission denied"]))

            // A directory where the file should be.
            let folder = directory.appendingPathComponent("folder.conf")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            #expect(errors(ConfigurationLoader.load(path: folder.path))
                    == ["\(folder.path):0: cannot read configuration file: it is a directory"])
        }
    }

    @Test func unreadableDropInIsReportedWithTheOtherErrors() throws {
        try withDirectory { directory in
            let main = directory.appendingPathComponent("pantau.conf")
            let dropIns = directory.appendingPathComponent("pantau.conf.d")
            try write("[Channel chat]\nFirstResponse=soon\n", to: main)
            try write("[Channel chat]\nWarnAt=0%\n", to: dropIns.appendingPathComponent("20-b.conf"))
            // A dangling symlink cannot be opened.
            try FileManager.default.createSymbolicLink(atPath: dropIns.appendingPathComponent("10-a.conf").path,
                                                       withDestinationPath: directory.appendingPathComponent("gone").path)
            #expect(errors(ConfigurationLoader.load(path: main.path)) == [
                "\(main.path):2: invalid value \"soon\" for FirstResponse: expected a number at \"soon\" (a time span looks like 20s, 5min or 1h 30min)",
                "\(dropIns.path)/10-a.conf:0: cannot read configuration file: No such file or directory",
                "\(dropIns.path)/20-b.conf:2: invalid value \"0%\" for WarnAt: expected a percentage above 0% and at most 100%, such as 80%",
            ])
        }
    }

    @Test func aDropInPathThatIsNotADirectoryIsAnError() throws {
        try withDirectory { directory in
            let main = directory.appendingPathComponent("pantau.conf")
            try write("[Channel chat]\n", to: main)
            try write("not a directory\n", to: directory.appendingPathComponent("pantau.conf.d"))
            #expect(errors(ConfigurationLoader.load(path: main.path))
                    == ["\(main.path).d:0: cannot read drop-in directory: Not a directory"])
        }
    }

    @Test func invalidUTF8NamesTheLine() throws {
        try withDirectory { directory in
            let main = directory.appendingPathComponent("pantau.conf")
            var bytes = Array("[Channel chat]\nFirstResponse=1min\n# caf".utf8)
            bytes += [0xE9, 0x0A]
            try Data(bytes).write(to: main)
            #expect(errors(ConfigurationLoader.load(path: main.path)) == ["\(main.path):3: the file is not valid UTF-8"])
        }
    }

    /// `Config/pantau.conf` in the source tree.
    private var bundledPath: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Config/pantau.conf").path
    }

    @Test func bundledConfigurationParsesWithFiveChannels() throws {
        let configuration = try ConfigurationLoader.load(path: bundledPath).get()
        #expect(configuration.channels.map(\.name) == ["hotline", "chat", "whatsapp", "web_form", "email"])
        #expect(configuration.daemon.spool == "/var/spool/pantau")
        #expect(configuration.daemon.state == "/var/lib/pantau")
        let office = try #require(configuration.calendars["office"])
        #expect(office.timeZone == "Asia/Jakarta")
        #expect(office.week[0] == [LocalInterval(startMinute: 480, endMinute: 720),
                                   LocalInterval(startMinute: 780, endMinute: 1020)])
        #expect(office.week[5].isEmpty && office.week[6].isEmpty)
        #expect(office.holidays.contains(LocalDate(year: 2026, month: 8, day: 17)))
        #expect(office.holidays.contains(LocalDate(year: 2027, month: 8, day: 17)))
        #expect(configuration.channel(named: "web_form")?.calendar == "office")
        #expect(configuration.channel(named: "email")?.calendar == "office")
        #expect(configuration.channel(named: "hotline")?.calendar == nil)
        let hotline = try #require(configuration.channel(named: "hotline"))
        #expect(hotline.targets.firstResponse == .seconds(20))
        #expect(hotline.settings.shortAbandon == .seconds(5))
        #expect(hotline.targets(for: .urgent).firstResponse == .seconds(10))
        #expect(configuration.channels.allSatisfy { $0.targets.firstResponse != nil })
    }

    @Test func everyCommentedKeyOfTheBundledConfigurationIsValid() throws {
        // `#Key=value` lines document defaults and examples: uncommented they must still parse.
        let text = try String(contentsOfFile: bundledPath, encoding: .utf8)
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("#") && line.dropFirst().first?.isUppercase == true && line.contains("=")
                ? line.dropFirst() : line
        }.joined(separator: "\n")
        #expect(uncommented != text)
        let result = ConfigurationParser.parse([ConfigurationSource(path: "pantau.conf", text: uncommented)])
        #expect(errors(result) == [])
    }
}
