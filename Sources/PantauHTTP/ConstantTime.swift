/// Comparisons whose duration does not depend on where two secrets differ.
public enum ConstantTime {
    /// Whether `a` and `b` are equal. Takes time proportional to `b.count` (the secret's length)
    /// whatever `a` holds, so a client cannot find the token byte by byte by timing answers.
    public static func equal(_ a: some Collection<UInt8>, _ b: [UInt8]) -> Bool {
        var difference = UInt64(UInt(bitPattern: a.count ^ b.count))
        var i = a.startIndex
        for k in 0..<b.count {
            let x: UInt8
            if i != a.endIndex {
                x = a[i]
                i = a.index(after: i)
            } else {
                x = 0
            }
            difference |= UInt64(x ^ b[k])
        }
        return difference == 0
    }
}
