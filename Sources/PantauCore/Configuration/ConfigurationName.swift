/// The rules for channel and calendar names: 1–64 bytes of UTF-8, no `/`, no whitespace, no control
/// characters. Channel names are Prometheus label values and JSON keys, so they stay short and plain.
enum ConfigurationName {
    /// The longest name, in UTF-8 bytes.
    static let maximumBytes = 64

    /// `name` if it is valid.
    /// - Parameter kind: `channel` or `calendar`, for the message.
    static func validated(_ name: String, kind: String) throws(ConfigurationValueError) -> String {
        guard !name.isEmpty else { throw ConfigurationValueError("empty \(kind) name") }
        guard name.utf8.count <= maximumBytes else {
            throw ConfigurationValueError("\(kind) name \"\(name)\" is longer than \(maximumBytes) bytes")
        }
        for scalar in name.unicodeScalars {
            if scalar == "/" {
                throw ConfigurationValueError("invalid \(kind) name \"\(name)\": \"/\" is not allowed")
            }
            if scalar.properties.isWhitespace {
                throw ConfigurationValueError("invalid \(kind) name \"\(name)\": whitespace is not allowed")
            }
            if scalar.properties.generalCategory == .control {
                throw ConfigurationValueError("invalid \(kind) name \"\(name)\": control characters are not allowed")
            }
        }
        return name
    }
}
