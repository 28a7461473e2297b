import Glibc

/// A file path as the bytes the kernel knows it by. Linux names need not be UTF-8, and a `String`
/// made from such a name repairs it (U+FFFD) into a path that does not exist, so spool names stay
/// bytes end to end: directory scan, `open`, checkpoint, logs (escaped, see `description`).
package struct BytePath: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The path's bytes, without a terminating NUL (and never containing one).
    package let bytes: [UInt8]

    package init(bytes: [UInt8]) { self.bytes = bytes }

    package init(_ string: String) { self.bytes = Array(string.utf8) }

    /// `self/name`.
    package func appending(_ name: [UInt8]) -> BytePath {
        var joined = bytes
        if joined.last != UInt8(ascii: "/") { joined.append(UInt8(ascii: "/")) }
        joined.append(contentsOf: name)
        return BytePath(bytes: joined)
    }

    /// The last component.
    package var lastComponent: [UInt8] {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes }
        return Array(bytes[(slash + 1)...])
    }

    /// Calls `body` with the path as a NUL-terminated C string.
    package func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// The path for people, escaped as the logger escapes values: printable UTF-8 as it is, a
    /// backslash doubled, control characters and bytes that are not UTF-8 as `\n`, `\xNN`…, so
    /// two different names never print alike and the text is one line of valid UTF-8.
    package var description: String { LogEscaping.escaped(bytes) }

    package static func < (a: BytePath, b: BytePath) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}

extension BytePath: LogValue {
    package var logBytes: [UInt8] { bytes }
}
