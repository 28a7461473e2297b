import CSystemd
import Glibc
import PantauSystem

/// Records as native journal entries (`sd_journal_sendv`): `MESSAGE`, `PRIORITY`,
/// `SYSLOG_IDENTIFIER`, `CODE_FILE`/`CODE_LINE`/`CODE_FUNC`, `MESSAGE_ID` for a kind, and every
/// field as a journal field of its own (`TICKET=`, `CHANNEL=`, `FILE=`, …), values byte for byte:
/// the journal takes binary values, so nothing needs escaping. When the journal refuses an entry
/// the record goes to stderr as a line instead.
struct JournalLogSink: LogSink {
    let identifier: String
    private let fallback = StreamLogSink(fd: 2)

    init(identifier: String = "pantau") { self.identifier = identifier }

    /// Whether stderr is the journal: `JOURNAL_STREAM` (set by systemd for a unit whose output
    /// goes to the journal) names stderr's device and inode. A stderr redirected elsewhere by the
    /// service itself or a child does not match.
    static func stderrIsTheJournal() -> Bool {
        guard let value = getenv("JOURNAL_STREAM") else { return false }
        var st = stat()
        guard fstat(2, &st) == 0 else { return false }
        return String(cString: value) == "\(st.st_dev):\(st.st_ino)"
    }

    func write(_ record: LogRecord) {
        var entry = Entry()
        entry.add("MESSAGE", Array(record.message.utf8))
        entry.add("PRIORITY", Array(String(record.level.rawValue).utf8))
        entry.add("SYSLOG_IDENTIFIER", Array(identifier.utf8))
        entry.add("CODE_FILE", Array(record.file.utf8))
        entry.add("CODE_LINE", Array(String(record.line).utf8))
        entry.add("CODE_FUNC", Array(record.function.utf8))
        if let kind = record.kind { entry.add("MESSAGE_ID", Array(kind.messageID.utf8)) }
        for key in record.fields.keys.sorted() { entry.add(Self.fieldName(key), record.fields[key]!.logBytes) }
        if entry.send() != 0 { fallback.write(record) }
    }

    /// The `FIELD=value` assignments of one entry, end to end in one buffer.
    private struct Entry {
        var bytes: [UInt8] = []
        var lengths: [Int] = []

        mutating func add(_ name: String, _ value: [UInt8]) {
            let start = bytes.count
            bytes += name.utf8
            bytes.append(UInt8(ascii: "="))
            bytes += value
            lengths.append(bytes.count - start)
        }

        /// One `sd_journal_sendv`, an iovec per assignment.
        mutating func send() -> Int32 {
            let lengths = self.lengths
            return bytes.withUnsafeMutableBytes { raw in
                var vectors: [iovec] = []
                vectors.reserveCapacity(lengths.count)
                var offset = 0
                for length in lengths {
                    vectors.append(iovec(iov_base: raw.baseAddress! + offset, iov_len: length))
                    offset += length
                }
                return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
            }
        }
    }

    /// Fields the journal gives a meaning of its own (systemd.journal-fields(7)).
    static let reserved: Set<String> = ["MESSAGE", "MESSAGE_ID", "PRIORITY", "ERRNO", "INVOCATION_ID", "USER_INVOCATION_ID",
                                        "DOCUMENTATION", "TID", "UNIT", "USER_UNIT"]

    /// A journal field name: upper-case letters, digits and `_`, not starting with `_` (trusted
    /// fields) or a digit, at most 64 bytes.
    static func fieldName(_ key: String) -> String {
        var name = String(key.uppercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "_" }.prefix(64))
        if name.first.map({ $0 == "_" || $0.isNumber }) ?? true { name = "F" + name.prefix(63) }
        // A field of ours never overrides one the journal reads itself.
        if reserved.contains(name) || name.hasPrefix("CODE_") || name.hasPrefix("SYSLOG_") { name = "PANTAU_" + name.prefix(57) }
        return name
    }
}
