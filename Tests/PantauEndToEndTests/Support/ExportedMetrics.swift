import Foundation
import PantauTestKit

/// The metric names a rules file or a dashboard uses, checked against what a real `pantau serve`
/// on the bundled channels exports.
enum ExportedMetrics {
    /// Metric names in `text` (`pantau_…`), not the recording rules' `level:pantau_…:operation`.
    static func names(in text: String) -> Set<String> {
        Set(text.matches(of: /(^|[^:a-z_])(pantau_[a-z0-9_]+)/.anchorsMatchLineEndings()).map { String($0.output.2) })
    }

    /// Those of `names` that a daemon with a target, forecasts and a checkpoint written does not
    /// export (a counter's samples end in `_total`; every other family is named as is).
    static func missing(_ names: Set<String>, daemon name: String) throws -> [String] {
        let d = try ServedDaemon(name, config: "ServiceLevelTarget=80%\nCheckpointInterval=100ms", channels: ServedDaemon.bundledChannels)
        _ = try d.poll("/metrics") { $0.text.contains("pantau_checkpoint_last_success_timestamp_seconds") }
        let exported = try d.get("/metrics").text
        return names.sorted().filter { !exported.contains("\n\($0){") && !exported.contains("\n\($0) ") }
    }
}
