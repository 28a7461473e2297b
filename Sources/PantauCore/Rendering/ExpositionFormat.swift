/// The two Prometheus exposition formats `/metrics` serves (SPEC §5).
public enum ExpositionFormat: Sendable, Equatable {
    /// Text format 0.0.4.
    case text
    /// OpenMetrics 1.0.0.
    case openMetrics

    /// The `Content-Type` header value.
    public var contentType: String {
        switch self {
        case .text: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }
}
