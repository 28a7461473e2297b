import PantauSystem

/// A response as read off the wire by `HTTPTestClient`.
package struct HTTPTestResponse {
    package var status: Int
    package var headers: [(String, String)]
    package var body: [UInt8]

    package var text: String { String(decoding: body, as: UTF8.self) }

    /// The first header of that name (case-insensitive).
    package func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
