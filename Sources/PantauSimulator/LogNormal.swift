/// A log-normal distribution of a delay, in seconds: half the samples fall below `median`;
/// `sigma` is the standard deviation of the natural logarithm (0.5 tight, 1.0 a long tail).
///
/// Samples are cut at four sigma and then clamped to `minimum...maximum`, so a profile never
/// produces a reply a year later.
public struct LogNormal: Sendable, Equatable {
    /// The median delay in seconds.
    public var median: Double
    /// The standard deviation of the delay's natural logarithm.
    public var sigma: Double
    /// The shortest delay in seconds.
    public var minimum: Double
    /// The longest delay in seconds.
    public var maximum: Double

    public init(median: Double, sigma: Double, minimum: Double = 0.001, maximum: Double = .infinity) {
        precondition(median > 0 && sigma >= 0 && minimum <= maximum, "invalid log-normal parameters")
        self.median = median
        self.sigma = sigma
        self.minimum = minimum
        self.maximum = maximum
    }

    /// A median given in seconds; bounds in seconds.
    public static func seconds(_ median: Double, sigma: Double, minimum: Double = 0.001,
                               maximum: Double = .infinity) -> LogNormal {
        LogNormal(median: median, sigma: sigma, minimum: minimum, maximum: maximum)
    }

    /// A median given in minutes; bounds in seconds.
    public static func minutes(_ median: Double, sigma: Double, minimum: Double = 0.001,
                               maximum: Double = .infinity) -> LogNormal {
        LogNormal(median: median * 60, sigma: sigma, minimum: minimum, maximum: maximum)
    }

    /// A median given in hours; bounds in seconds.
    public static func hours(_ median: Double, sigma: Double, minimum: Double = 0.001,
                             maximum: Double = .infinity) -> LogNormal {
        LogNormal(median: median * 3600, sigma: sigma, minimum: minimum, maximum: maximum)
    }
}
