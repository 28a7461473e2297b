import Testing
@testable import PantauCore

@Suite struct InstantTests {
    @Test func arithmeticSaturates() {
        #expect(Instant.distantFuture + .seconds(5) == .distantFuture)
        #expect(Instant(seconds: 10) - Instant(seconds: 4) == .seconds(6))
        #expect(Instant(nanoseconds: -1).seconds == -1)
    }
}
