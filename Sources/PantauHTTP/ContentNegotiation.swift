/// Chooses among the representations a server offers by the request's `Accept` header
/// (RFC 9110 §12.5.1): each offer takes the weight of the most specific range that matches it,
/// the offer with the highest weight wins, ties go to the earlier offer.
public enum ContentNegotiation {
    /// A representation: its media type and the `version` parameter values it satisfies.
    public struct Offer: Sendable {
        public var type: String
        public var subtype: String
        public var versions: [String]

        public init(_ mediaType: String, versions: [String] = []) {
            let halves = mediaType.lowercased().split(separator: "/", maxSplits: 1)
            type = String(halves.first ?? "")
            subtype = halves.count > 1 ? String(halves[1]) : ""
            self.versions = versions
        }
    }

    /// The index of the preferred offer. Without an `Accept` header, or when nothing acceptable
    /// matches, the first offer (a server's default; `/metrics` serves text rather than 406).
    public static func choose(_ offers: [Offer], accept: String?) -> Int {
        guard let accept, !offers.isEmpty else { return 0 }
        let ranges = MediaRange.parseAccept(accept)
        guard !ranges.isEmpty else { return 0 }
        var best = 0
        var bestQuality = -1.0
        for (i, offer) in offers.enumerated() {
            var quality = 0.0
            var specificity = -1
            for range in ranges {
                guard let s = range.specificity(type: offer.type, subtype: offer.subtype, versions: offer.versions),
                      s > specificity else { continue }
                specificity = s
                quality = range.quality
            }
            if specificity >= 0, quality > 0, quality > bestQuality {
                best = i
                bestQuality = quality
            }
        }
        return best
    }
}
