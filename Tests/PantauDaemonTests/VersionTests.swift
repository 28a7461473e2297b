import Testing
@testable import PantauDaemon

@Suite struct VersionTests {
    @Test func versionIsSemantic() {
        #expect(PantauVersion.string.split(separator: ".").count == 3)
    }
}
