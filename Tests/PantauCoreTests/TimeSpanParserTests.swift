import Testing
@testable import PantauCore

@Suite struct TimeSpanParserTests {
    private func span(_ text: String) throws -> TimeSpan { try TimeSpanParser.parse(text) }

    private func failure(_ text: String) -> String? {
        do {
            _ = try TimeSpanParser.parse(text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func examplesFromTheSpec() throws {
        #expect(try span("20s") == .seconds(20))
        #expect(try span("5min") == .minutes(5))
        #expect(try span("1h 30min") == .minutes(90))
        #expect(try span("1h30min") == .minutes(90))
        #expect(try span("2d") == .days(2))
        #expect(try span("1.5h") == .minutes(90))
        #expect(try span("500ms") == .milliseconds(500))
        #expect(try span("250us") == TimeSpan(nanoseconds: 250_000))
    }

    @Test func bareNumberIsSeconds() throws {
        #expect(try span("42") == .seconds(42))
        #expect(try span("0") == .zero)
        #expect(try span("0.25") == .milliseconds(250))
        #expect(try span("1min 30") == .seconds(90))
    }

    @Test(arguments: [
        ("us", 1_000), ("usec", 1_000), ("µs", 1_000), ("μs", 1_000),
        ("ms", 1_000_000), ("msec", 1_000_000),
        ("s", 1_000_000_000), ("sec", 1_000_000_000), ("second", 1_000_000_000), ("seconds", 1_000_000_000),
        ("m", 60_000_000_000), ("min", 60_000_000_000), ("minute", 60_000_000_000), ("minutes", 60_000_000_000),
        ("h", 3_600_000_000_000), ("hr", 3_600_000_000_000), ("hour", 3_600_000_000_000), ("hours", 3_600_000_000_000),
        ("d", 86_400_000_000_000), ("day", 86_400_000_000_000), ("days", 86_400_000_000_000),
        ("w", 604_800_000_000_000), ("week", 604_800_000_000_000), ("weeks", 604_800_000_000_000),
        ("M", 2_629_800_000_000_000), ("month", 2_629_800_000_000_000), ("months", 2_629_800_000_000_000),
        ("y", 31_557_600_000_000_000), ("year", 31_557_600_000_000_000), ("years", 31_557_600_000_000_000),
    ] as [(String, Int64)])
    func everyUnit(unit: String, nanoseconds: Int64) throws {
        #expect(try span("1\(unit)") == TimeSpan(nanoseconds: nanoseconds))
        #expect(try span("2 \(unit)") == TimeSpan(nanoseconds: 2 * nanoseconds))
    }

    @Test func unitsAreCaseSensitiveMinutesAndMonths() throws {
        #expect(try span("1m") == .minutes(1))
        #expect(try span("1M") == .seconds(2_629_800))
        #expect(try span("12M") == .seconds(31_557_600))
        #expect(failure("1H") == "unknown time unit \"H\" (expected us, ms, s, min, h, d, w, M or y)")
    }

    @Test func combinationsAndWhitespace() throws {
        #expect(try span("  1d 2h 3min 4s 5ms  ") == TimeSpan(nanoseconds: 93_784_005_000_000))
        #expect(try span("1d2h3min4s5ms") == TimeSpan(nanoseconds: 93_784_005_000_000))
        #expect(try span("1h\t30min") == .minutes(90))
        #expect(try span("2 h 30 min") == .minutes(150))
    }

    @Test func fractionsAreExact() throws {
        #expect(try span("0.1s") == .milliseconds(100))
        #expect(try span("1.5") == .milliseconds(1500))
        #expect(try span(".5s") == .milliseconds(500))
        #expect(try span("2.5d") == .hours(60))
        #expect(try span("0.000000001s") == TimeSpan(nanoseconds: 1))
        #expect(try span("0.0000000019s") == TimeSpan(nanoseconds: 1))
        #expect(try span("1.123456789123456789123y") > .days(410))
    }

    @Test func infinity() throws {
        #expect(try span("infinity") == .infinite)
        #expect(try span(" infinity ") == .infinite)
        #expect(failure("1h infinity") == "expected a number at \"infinity\" (a time span looks like 20s, 5min or 1h 30min)")
    }

    @Test func errorsAreDescriptive() {
        #expect(failure("") == "empty time span")
        #expect(failure("   ") == "empty time span")
        #expect(failure("5x") == "unknown time unit \"x\" (expected us, ms, s, min, h, d, w, M or y)")
        #expect(failure("5mins") == "unknown time unit \"mins\" (expected us, ms, s, min, h, d, w, M or y)")
        #expect(failure("-5s") == "expected a number at \"-5s\" (a time span looks like 20s, 5min or 1h 30min)")
        #expect(failure("min") == "expected a number at \"min\" (a time span looks like 20s, 5min or 1h 30min)")
        #expect(failure("1h 30min x") == "expected a number at \"x\" (a time span looks like 20s, 5min or 1h 30min)")
        #expect(failure("1.5.2h") == "unexpected \".\" after a number (expected us, ms, s, min, h, d, w, M or y)")
        #expect(failure("5s,") == "expected a number at \",\" (a time span looks like 20s, 5min or 1h 30min)")
        #expect(failure("5,5s") == "unexpected \",\" after a number (expected us, ms, s, min, h, d, w, M or y)")
    }

    @Test func overflowIsAnError() throws {
        #expect(try span("292y") > .days(106_000))
        #expect(failure("300y") == "too long (the longest span is about 292 years)")
        #expect(failure("99999999999999999999s") == "too long (the longest span is about 292 years)")
        #expect(failure("200y 200y") == "too long (the longest span is about 292 years)")
    }
}
