import PantauCore

/// What `pantau simulate` produces: the channels with their behaviour, and the shape of a day.
///
/// The default is a national public-service contact centre in western Indonesia (UTC+7): a free
/// phone hotline answered in seconds, live chat in about a minute, WhatsApp in minutes, and a back
/// office answering the web form and email within office hours; cases resolve in minutes (calls,
/// chats) to days (written cases). Arrivals are quiet at night, peak mid-morning and again early in
/// the afternoon, and drop at weekends.
public struct TrafficProfile: Sendable, Equatable {
    /// The channels, in the order used for `SimulatedLine.channelIndex`.
    public var channels: [ChannelProfile]
    /// Relative arrival rate for each local hour 0…23 on a weekday.
    public var hourlyWeights: [Double]
    /// Saturday's arrivals relative to a weekday's, hour by hour.
    public var saturdayFactor: Double
    /// Sunday's arrivals relative to a weekday's, hour by hour.
    public var sundayFactor: Double
    /// The local time of the daily profile and office hours, as an offset from UTC.
    public var utcOffset: TimeSpan
    /// Local hours (Monday to Friday) in which `officeHoursOnly` channels' agents work.
    public var officeHours: Range<Int>

    public init(channels: [ChannelProfile], hourlyWeights: [Double], saturdayFactor: Double,
                sundayFactor: Double, utcOffset: TimeSpan, officeHours: Range<Int> = 8..<17) {
        precondition(!channels.isEmpty && channels.contains { $0.share > 0 }, "a profile needs a channel with a share")
        precondition(hourlyWeights.count == 24 && hourlyWeights.allSatisfy { $0 >= 0 }
                     && hourlyWeights.contains { $0 > 0 }, "hourlyWeights needs 24 weights, one positive")
        precondition(saturdayFactor >= 0 && sundayFactor >= 0, "weekend factors must not be negative")
        precondition(officeHours.lowerBound >= 0 && officeHours.upperBound <= 24 && !officeHours.isEmpty,
                     "officeHours must lie within a day")
        self.channels = channels
        self.hourlyWeights = hourlyWeights
        self.saturdayFactor = saturdayFactor
        self.sundayFactor = sundayFactor
        self.utcOffset = utcOffset
        self.officeHours = officeHours
    }

    /// The channel names, in profile order (for `EventParser(channelNames:)` and spool files).
    public var channelNames: [String] { channels.map(\.name) }

    /// The public-service contact centre described above.
    public static let `default` = TrafficProfile(
        channels: [hotline, chat, whatsapp, webForm, email],
        // Local hours 00…23: a night trough, a mid-morning peak, a lunch dip, an early-afternoon peak.
        hourlyWeights: [
            0.15, 0.10, 0.08, 0.07, 0.10, 0.25, 0.55, 1.10, 1.70, 2.10, 2.20, 1.90,
            1.40, 1.80, 1.90, 1.60, 1.30, 1.00, 0.80, 0.75, 0.65, 0.50, 0.35, 0.22,
        ],
        saturdayFactor: 0.55,
        sundayFactor: 0.40,
        utcOffset: .hours(7),
        officeHours: 8..<17
    )

    /// Free phone: answered in about 12 s, calls resolved within the call; 9 % hang up first,
    /// a third of those in the first 5 s.
    static let hotline = ChannelProfile(
        name: "hotline", share: 0.40, priorityMix: [0.05, 0.75, 0.15, 0.05], priorityChangeProbability: 0.02,
        firstResponse: .seconds(12, sigma: 0.8, minimum: 2, maximum: 900), assignmentShare: 0.85,
        laterResponse: .seconds(15, sigma: 0.8, minimum: 2, maximum: 900),
        customerDelay: .hours(3, sigma: 1.2, minimum: 600, maximum: 3 * 86_400),
        resolveDelay: .minutes(5, sigma: 0.6, minimum: 30, maximum: 3600),
        closeDelay: .minutes(20, sigma: 1.0, minimum: 60, maximum: 86_400),
        pendingProbability: 0.08, customerReplyProbability: 0.10, reopenProbability: 0.03,
        abandonProbability: 0.09, shortAbandonShare: 0.35, shortAbandonWindow: 5,
        patience: .seconds(40, sigma: 0.8, minimum: 6, maximum: 900),
        transferProbability: 0.03, transferTarget: "email", agentCount: 120)

    /// Live chat: first answer in about 40 s, a conversation of a few messages.
    static let chat = ChannelProfile(
        name: "chat", share: 0.20, priorityMix: [0.10, 0.75, 0.12, 0.03], priorityChangeProbability: 0.02,
        firstResponse: .seconds(40, sigma: 0.8, minimum: 3, maximum: 1800), assignmentShare: 0.6,
        laterResponse: .seconds(50, sigma: 0.7, minimum: 3, maximum: 1800),
        customerDelay: .seconds(45, sigma: 0.9, minimum: 3, maximum: 3600),
        resolveDelay: .minutes(3, sigma: 0.7, minimum: 20, maximum: 3600),
        closeDelay: .minutes(30, sigma: 1.0, minimum: 60, maximum: 86_400),
        pendingProbability: 0.05, customerReplyProbability: 0.55, reopenProbability: 0.03,
        abandonProbability: 0.10, shortAbandonShare: 0.25, shortAbandonWindow: 10,
        patience: .seconds(90, sigma: 0.8, minimum: 11, maximum: 1800),
        transferProbability: 0.04, transferTarget: "hotline", agentCount: 40)

    /// WhatsApp: first answer in about 3 min, customers answer in minutes to hours.
    static let whatsapp = ChannelProfile(
        name: "whatsapp", share: 0.22, priorityMix: [0.10, 0.75, 0.12, 0.03], priorityChangeProbability: 0.03,
        firstResponse: .minutes(3, sigma: 0.9, minimum: 10, maximum: 4 * 3600), assignmentShare: 0.5,
        laterResponse: .minutes(5, sigma: 0.9, minimum: 10, maximum: 6 * 3600),
        customerDelay: .minutes(6, sigma: 1.2, minimum: 5, maximum: 86_400),
        resolveDelay: .minutes(20, sigma: 1.0, minimum: 60, maximum: 86_400),
        closeDelay: .hours(1, sigma: 1.0, minimum: 120, maximum: 86_400),
        pendingProbability: 0.12, customerReplyProbability: 0.50, reopenProbability: 0.05,
        abandonProbability: 0.04, shortAbandonShare: 0.15, shortAbandonWindow: 30,
        patience: .minutes(12, sigma: 0.9, minimum: 31, maximum: 4 * 3600),
        transferProbability: 0.02, transferTarget: "chat", agentCount: 50)

    /// Web form: the back office answers in about 2 office hours; cases take days.
    static let webForm = ChannelProfile(
        name: "web_form", share: 0.08, priorityMix: [0.20, 0.70, 0.08, 0.02], priorityChangeProbability: 0.05,
        firstResponse: .hours(2, sigma: 0.8, minimum: 300, maximum: 3 * 86_400), assignmentShare: 0.4,
        laterResponse: .hours(4, sigma: 0.9, minimum: 300, maximum: 3 * 86_400),
        customerDelay: .hours(10, sigma: 1.2, minimum: 300, maximum: 7 * 86_400),
        resolveDelay: .hours(3, sigma: 1.0, minimum: 600, maximum: 3 * 86_400),
        closeDelay: .hours(6, sigma: 1.0, minimum: 300, maximum: 86_400),
        pendingProbability: 0.30, customerReplyProbability: 0.30, reopenProbability: 0.07,
        transferProbability: 0.03, transferTarget: "email", agentCount: 25, officeHoursOnly: true)

    /// Email: like the web form, a little slower (about 4 office hours) and more back-and-forth.
    static let email = ChannelProfile(
        name: "email", share: 0.10, priorityMix: [0.25, 0.65, 0.08, 0.02], priorityChangeProbability: 0.06,
        firstResponse: .hours(4, sigma: 0.9, minimum: 600, maximum: 3 * 86_400), assignmentShare: 0.4,
        laterResponse: .hours(4, sigma: 1.0, minimum: 600, maximum: 3 * 86_400),
        customerDelay: .hours(8, sigma: 1.2, minimum: 300, maximum: 7 * 86_400),
        resolveDelay: .hours(4, sigma: 1.0, minimum: 600, maximum: 3 * 86_400),
        closeDelay: .hours(8, sigma: 1.0, minimum: 300, maximum: 86_400),
        pendingProbability: 0.25, customerReplyProbability: 0.35, reopenProbability: 0.08,
        transferProbability: 0.04, transferTarget: "web_form", agentCount: 30, officeHoursOnly: true)
}
