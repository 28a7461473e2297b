/// `pantau simulate`: realistic multi-channel traffic into a file (spool mode comes with `serve`).
enum SimulateCommand {
    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        throw CommandArguments.Failure(description: "simulate is not built yet")
    }
}
