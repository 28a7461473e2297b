import Glibc
import PantauCore
import PantauSystem

extension TailedFile {
    // MARK: Reading

    /// What `loadHead` found.
    enum Load: Equatable {
        /// `head` holds the next line.
        case line
        /// No complete line now (the rest is a partial line, or nothing).
        case waiting
        /// In an over-long line that goes on; more next turn.
        case skipping
        /// The byte budget ran out before a line was complete.
        case budgetExhausted
        /// A read failed (errno), or the file yields more bytes than its size (a pseudo file: 0).
        case failed(Int32)
        /// The bytes before the read position are no longer the ones read: the file was
        /// truncated and refilled, or rewritten. It must be read again from its start.
        case rewritten
    }

    /// Parses the next complete line into `head` (reading at most `budget` bytes, which it
    /// decreases); the caller has opened the descriptor.
    func loadHead(_ parser: inout EventParser, budget: inout Int, now: Int64) -> Load {
        if head != nil { return .line }
        precondition(descriptor >= 0, "loadHead without a descriptor")
        if !buffer.isAllocated && skipping == nil && appliedOffset > 0 {
            // Reading again after the buffer was released: the anchor window comes back from disk
            // first and must hold the bytes it held, or the file was rewritten in place since
            // (copytruncate refilled past the position before the daemon looked).
            let from = max(0, appliedOffset - Int64(TailedFile.anchorLength))
            guard buffer.prime(from: descriptor, at: from) else { return .rewritten }
            if let saved = savedAnchor, saved.offset == appliedOffset, anchorFromBuffer() != saved {
                buffer.release()
                return .rewritten
            }
        }
        while true {
            let step = buffer.withBytes(buffer.start..<buffer.end) {
                LineSplitter.step($0, skipping: skipping != nil, maxLineBytes: maxLineBytes)
            }
            switch step {
            case .line(let lf), .endOfLongLine(let lf):
                let at = buffer.start + lf
                let origin = skipping ?? LineOrigin(offset: buffer.parsePosition, line: appliedLines.map { $0 + 1 })
                let length = lf + 1
                if skipping != nil {
                    skipping = nil
                    setHead(.rejected(.lineTooLong), length: length)
                } else {
                    setHead(buffer.withBytes(buffer.start..<at) { parser.parse($0) }, length: length)
                }
                headOrigin = origin
                buffer.advance(to: at + 1)
                return .line
            case .startSkipping:
                // Too long to be accepted whatever follows: drop it as it streams by, from the
                // next call on (the caller gives skipping a budget of its own).
                skipping = LineOrigin(offset: buffer.parsePosition, line: appliedLines.map { $0 + 1 })
                skipBufferedBytes()
                return .skipping
            case .skip:
                skipBufferedBytes()
                if let load = skipHoles() { return load }
            case .needMore:
                break
            }
            guard budget > 0 else { return skipping != nil ? .skipping : .budgetExhausted }
            reads &+= 1
            switch buffer.fill(from: descriptor, keepFrom: appliedOffset - Int64(TailedFile.anchorLength), limit: budget) {
            case .read(let n):
                budget -= n
                lastActivity = now
                if buffer.readPosition > size {
                    // Read past the size seen: growth, or a file that yields bytes it does not have.
                    var st = stat()
                    if fstat(descriptor, &st) == 0 { size = Int64(st.st_size) }
                    if buffer.readPosition > size { return .failed(0) }
                }
            case .endOfData, .full:
                // `.full` cannot happen outside a skip: the buffer has room for the anchor window
                // and a line of `maxLineBytes`, and a longer one is being skipped.
                return .waiting
            case .failed(let e):
                return .failed(e)
            }
        }
    }

    /// Applies the bytes of the over-long line read so far (they are dropped).
    func skipBufferedBytes() {
        let n = buffer.unparsedCount
        guard n > 0 else { return }
        buffer.advance(to: buffer.end)
        appliedOffset += Int64(n)
        consumedSinceCollected += Int64(n)
    }

    /// While skipping, seeks over holes (a sparse file's holes hold no newline); nil to go on reading.
    func skipHoles() -> Load? {
        let at = buffer.readPosition
        let data = lseek(descriptor, off_t(at), TailedFile.seekData)
        var next: Int64
        if data >= 0 {
            next = Int64(data)
        } else if errno == ENXIO {
            // Nothing but a hole up to the end (or at the end).
            next = max(at, size)
        } else {
            return nil
        }
        guard next > at else { return nil }
        appliedOffset += next - at
        consumedSinceCollected += next - at
        buffer.jump(to: next)
        return next >= size ? .waiting : nil
    }

    /// Drops the parsed head (the file is forgotten, or starts over).
    func discardHead() { setHead(nil, length: 0) }

    func setHead(_ outcome: ParseOutcome?, length: Int) {
        head = outcome
        headLength = length
        headGeneration &+= 1
    }

    /// Marks the head line applied (or rejected) and moves past it.
    func consumeHead() {
        appliedOffset += Int64(headLength)
        if let a = headAnchor, a.offset == appliedOffset { savedAnchor = a }
        headAnchor = nil
        consumedSinceCollected += Int64(headLength)
        if let lines = appliedLines { appliedLines = lines + 1 }
        setHead(nil, length: 0)
    }
}
