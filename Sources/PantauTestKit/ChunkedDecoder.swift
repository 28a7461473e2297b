/// An HTTP/1.1 chunked transfer coding decoder fed as bytes arrive (RFC 9112 §7.1): what a proxy in
/// front of `/events` (nginx) sends a client when the upstream response has no length. Chunk
/// extensions are skipped; trailers are read and dropped.
package struct ChunkedDecoder {
    private enum State { case size, data(Int), dataEnd, trailer, done }
    private var state = State.size
    private var pending: [UInt8] = []
    /// Whether the last chunk (size 0) and the trailer section have been read.
    package var finished: Bool { if case .done = state { true } else { false } }
    /// Set when the coding is broken (a bad size line): what was wrong.
    package private(set) var failure: String?

    package init() {}

    /// The payload bytes `bytes` complete.
    package mutating func feed(_ bytes: [UInt8]) -> [UInt8] {
        pending += bytes
        var out: [UInt8] = []
        var start = 0
        loop: while failure == nil {
            switch state {
            case .size, .trailer, .dataEnd:
                guard let lf = pending[start...].firstIndex(of: 10) else { break loop }
                var line = pending[start..<lf]
                if line.last == 13 { line = line.dropLast() }
                start = lf + 1
                switch state {
                case .size:
                    let digits = line.prefix { $0 != 59 && $0 != 32 && $0 != 9 }  // up to ';' or white space
                    let hex = digits.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0) }
                    guard !digits.isEmpty, digits.count <= 15, hex, let size = Int(String(decoding: digits, as: UTF8.self), radix: 16) else {
                        failure = "bad chunk size line \(String(decoding: line, as: UTF8.self))"
                        break loop
                    }
                    state = size == 0 ? .trailer : .data(size)
                case .dataEnd:
                    guard line.isEmpty else { failure = "chunk data not followed by CRLF"; break loop }
                    state = .size
                default:
                    if line.isEmpty { state = .done }
                }
            case .data(let size):
                let available = min(size, pending.count - start)
                guard available > 0 else { break loop }
                out += pending[start..<(start + available)]
                start += available
                state = available == size ? .dataEnd : .data(size - available)
            case .done:
                break loop
            }
        }
        pending.removeFirst(start)
        return out
    }
}
