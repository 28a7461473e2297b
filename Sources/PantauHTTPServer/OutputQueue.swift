import Glibc
import PantauSystem

/// The bytes a connection still has to send: shared chunks and how far each has gone out.
/// Written with `sendmsg` over up to `maxSegments` chunks at once.
struct OutputQueue {
    private var chunks: [ByteChunk] = []
    private var head = 0
    /// Bytes of `chunks[head]` already sent.
    private var sentOfHead = 0
    /// Bytes queued and not yet sent.
    private(set) var pendingBytes = 0
    /// Bytes ever queued (a connection's share of a loop turn is counted in them).
    private(set) var appendedBytes = 0

    static let maxSegments = 64

    var isEmpty: Bool { pendingBytes == 0 }

    mutating func append(_ chunk: ByteChunk) {
        guard chunk.count > 0 else { return }
        chunks.append(chunk)
        pendingBytes += chunk.count
        appendedBytes &+= chunk.count
    }

    enum WriteResult { case done, wouldBlock, failed(Int32) }

    /// Sends as much as the socket takes. `.done` when the queue is empty.
    mutating func write(to fd: Int32) -> WriteResult {
        while pendingBytes > 0 {
            let sent = withIOVectors { vectors, count in
                Result { () throws(SystemCall.Failure) in
                    try SystemCall.nonBlocking("sendmsg") {
                        var message = msghdr()
                        message.msg_iov = vectors
                        message.msg_iovlen = count
                        return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
                    }
                }
            }
            switch sent {
            case .success(.processed(let n)): consume(n)
            case .success(.wouldBlock): return .wouldBlock
            case .failure(let failure): return .failed(failure.code)
            }
        }
        return .done
    }

    private func withIOVectors<R>(_ body: (UnsafeMutablePointer<iovec>, Int) -> R) -> R {
        let count = min(Self.maxSegments, chunks.count - head)
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { vectors in
            for k in 0..<count {
                let chunk = chunks[head + k]
                let skip = k == 0 ? sentOfHead : 0
                vectors[k] = iovec(iov_base: chunk.storage.baseAddress! + skip, iov_len: chunk.count - skip)
            }
            return body(vectors.baseAddress!, count)
        }
    }

    private mutating func consume(_ sent: Int) {
        var n = sent
        pendingBytes -= n
        while n > 0 {
            let left = chunks[head].count - sentOfHead
            if n >= left {
                n -= left
                head += 1
                sentOfHead = 0
            } else {
                sentOfHead += n
                n = 0
            }
        }
        if head == chunks.count {
            chunks.removeAll(keepingCapacity: chunks.count <= 64)
            head = 0
        } else if head > 64 && head * 2 > chunks.count {
            chunks.removeFirst(head)
            head = 0
        }
    }

    mutating func removeAll() {
        chunks.removeAll()
        head = 0
        sentOfHead = 0
        pendingBytes = 0
    }
}
