/// RFC 3339 timestamps, parsed and formatted by hand (no formatter in the hot path).
public enum RFC3339 {
    /// Accepted years; instants are Int64 nanoseconds, good for 1678…2262.
    public static let yearRange = 1900...2200

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]Z|±hh:mm` (fraction up to 9 digits; `t`/`z` accepted in
    /// lower case; second 60 is read as the next second). Returns nil when malformed or out of range.
    public static func parse(_ p: UnsafeBufferPointer<UInt8>) -> Instant? {
        var cache = DayCache()
        return parse(p, dayCache: &cache)
    }

    /// `parse(_:)` with a caller-owned cache of the last date's day number.
    static func parse(_ p: UnsafeBufferPointer<UInt8>, dayCache: inout DayCache) -> Instant? {
        let n = p.count
        guard n >= 20 else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int? {
            let d = Int(p[i]) &- 48
            return d >= 0 && d <= 9 ? d : nil
        }
        @inline(__always) func two(_ i: Int) -> Int? {
            guard let a = digit(i), let b = digit(i + 1) else { return nil }
            return a * 10 + b
        }
        // Consecutive events mostly share "YYYY-MM-DDTHH:MM": reuse that prefix's value when the
        // 16 bytes are the ones validated last time.
        let raw = UnsafeRawPointer(p.baseAddress!)
        let w0 = raw.loadUnaligned(as: UInt64.self), w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let minuteBase: Int
        if let cached = dayCache.minute(w0, w1) {
            minuteBase = cached
        } else {
            guard let y1 = two(0), let y2 = two(2), p[4] == 45, let month = two(5), p[7] == 45, let day = two(8),
                  p[10] == 84 || p[10] == 116, let hour = two(11), p[13] == 58, let minute = two(14) else { return nil }
            let year = y1 * 100 + y2
            guard yearRange.contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
                  hour <= 23, minute <= 59 else { return nil }
            minuteBase = dayCache.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
            dayCache.remember(w0, w1, minuteBase)
        }
        if n == 24, let value = millisecondTail(raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) {
            return Instant(nanoseconds: Int64(minuteBase) * 1_000_000_000 + value)
        }
        guard p[16] == 58, let second = two(17), second <= 60 else { return nil }
        var i = 19
        var nanos = 0
        if p[i] == 46 {  // '.'
            i += 1
            var digits = 0
            while i < n, let d = digit(i) {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + d
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        guard i < n else { return nil }
        var offsetSeconds = 0
        if p[i] == 90 || p[i] == 122 {  // Z z
            i += 1
        } else if p[i] == 43 || p[i] == 45 {  // + -
            guard i + 6 == n, let oh = two(i + 1), p[i + 3] == 58, let om = two(i + 4), oh <= 23, om <= 59 else {
                return nil
            }
            offsetSeconds = (oh * 3600 + om * 60) * (p[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == n else { return nil }
        let secs = Int64(minuteBase + second - offsetSeconds)
        return Instant(nanoseconds: secs * 1_000_000_000 + Int64(nanos))
    }

    /// The usual tail `:SS.fffZ` (or `z`), the eight bytes after `YYYY-MM-DDTHH:MM` as a
    /// little-endian word: nanoseconds since the start of the minute, or nil for any other tail
    /// (the general code then decides). SWAR: a byte is a digit when its high nibble is 3 and
    /// stays 3 after adding 6.
    @inline(__always)
    private static func millisecondTail(_ w: UInt64) -> Int64? {
        // Byte k of the tail is bits 8k…8k+7: ':' at 0, '.' at 3, 'Z' at 7 ('z' folds onto it).
        let punctuation: UInt64 = 0xFF00_0000_FF00_00FF
        guard (w | 0x2000_0000_0000_0000) & punctuation == 0x7A00_0000_2E00_003A else { return nil }
        let digits: UInt64 = 0x00F0_F0F0_00F0_F000  // high nibbles of bytes 1, 2, 4, 5, 6
        guard w & digits == 0x0030_3030_0030_3000, (w &+ 0x0006_0606_0006_0600) & digits == 0x0030_3030_0030_3000 else {
            return nil
        }
        let d = w & 0x000F_0F0F_000F_0F00
        let second = Int64((d >> 8) & 0xF) * 10 + Int64((d >> 16) & 0xF)
        guard second <= 60 else { return nil }
        let millis = Int64((d >> 32) & 0xF) * 100 + Int64((d >> 40) & 0xF) * 10 + Int64((d >> 48) & 0xF)
        return second * 1_000_000_000 + millis * 1_000_000
    }

    /// Parses a string (for the command line and tests).
    public static func parse(_ text: String) -> Instant? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }

    /// Formats an instant in UTC: `2026-11-23T10:00:00Z`, with as many fraction digits as needed.
    public static func format(_ instant: Instant) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(30)
        format(instant, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTC form of `instant` to `out`.
    public static func format(_ instant: Instant, into out: inout [UInt8]) {
        let ns = instant.nanoseconds
        var secs = ns / 1_000_000_000
        var frac = ns % 1_000_000_000
        if frac < 0 { frac += 1_000_000_000; secs -= 1 }
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = CivilDate.civilFromDays(Int(days))
        func put(_ v: Int, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var x = v
            var k = width - 1
            while k >= 0 { digits[k] = UInt8(48 + x % 10); x /= 10; k -= 1 }
            out.append(contentsOf: digits)
        }
        put(y, 4); out.append(45); put(m, 2); out.append(45); put(d, 2); out.append(84)
        put(Int(rem / 3600), 2); out.append(58); put(Int(rem % 3600 / 60), 2); out.append(58); put(Int(rem % 60), 2)
        if frac != 0 {
            var width = 9
            var f = Int(frac)
            while f % 10 == 0 { f /= 10; width -= 1 }
            out.append(46)
            put(f, width)
        }
        out.append(90)
    }

    /// Days in a month of the proleptic Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
