import Testing
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// One log record is one line, whatever its values hold (issue #8, item 5).
@Suite struct LoggerTests {
    static func text(_ level: Logger.Level = .warning, _ message: String, _ fields: [String: any LogValue]) -> String {
        String(decoding: StreamLogSink.render(level, message, fields), as: UTF8.self)
    }

    @Test func aForgedRecordInATicketIdStaysInsideItsField() {
        let line = Self.text(.warning, "rejected line", ["TICKET": "t1\n<0>emerg: the building is on fire", "REASON": "unknown_ticket"])
        #expect(line.filter { $0 == "\n" }.count == 1)
        #expect(line.hasSuffix("\n"))
        #expect(line.hasPrefix("<4>warning: rejected line "))
        #expect(line.contains(#"TICKET="t1\n<0>emerg: the building is on fire""#))
        #expect(!line.contains("\n<0>"))
    }

    @Test func controlCharactersQuotesBackslashesAndInvalidUTF8AreEscaped() {
        let raw = BytePath(bytes: Array("a\r\tb\"c\\d".utf8) + [0x1B, 0x7F, 0xC2, 0x85, 0xFF] + Array("é".utf8))
        let line = Self.text(.info, "m\nx", ["FILE": raw])
        #expect(line == "<6>info: m\\nx FILE=a\\r\\tb\\\"c\\\\d\\x1b\\x7f\\xc2\\x85\\xffé\n")
    }

    @Test func plainValuesStayReadableAndEmptyOrSpacedOnesAreQuoted() {
        #expect(Self.text(.notice, "starting", ["SPOOL": "/var/spool/pantau", "EMPTY": "", "MSG": "two words"])
            == "<5>notice: starting EMPTY=\"\" MSG=\"two words\" SPOOL=/var/spool/pantau\n")
        #expect(Self.text(.notice, "Jakarta", ["CHANNEL": "layanan-pengaduan-ü"]) == "<5>notice: Jakarta CHANNEL=layanan-pengaduan-ü\n")
    }
}
