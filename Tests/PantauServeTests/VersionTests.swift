import Testing
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

@Suite struct VersionTests {
    @Test func versionIsSemantic() {
        #expect(PantauVersion.string.split(separator: ".").count == 3)
    }
}
