/// How one channel's tickets behave in the simulation: how many arrive, how fast agents and
/// customers answer, and how often the unusual paths (pending, reopen, abandon, transfer,
/// priority change) are taken.
///
/// Delays are wall time, except that a channel with `officeHoursOnly` counts its agents' delays
/// (first response, later responses, resolution) in office time: the back office works through its
/// queue Monday to Friday in the profile's office hours, so a web form sent on Saturday evening is
/// answered on Monday. Customers' delays and `closeDelay` are always wall time.
public struct ChannelProfile: Sendable, Equatable {
    /// The channel name written into `channel` (must match the daemon's `[Channel NAME]`).
    public var name: String
    /// Relative share of arrivals (the shares of all channels need not add up to 1).
    public var share: Double
    /// Relative weights of `low`, `normal`, `high`, `urgent` on `created`.
    public var priorityMix: [Double]
    /// Probability that a live ticket's priority is changed once (mostly escalated).
    public var priorityChangeProbability: Double

    /// Time from `created` to the first `agent_reply` (for the hotline: the call is answered).
    public var firstResponse: LogNormal
    /// Where in the first-response wait the ticket is `assigned` (0 at once, 1 at the answer).
    public var assignmentShare: Double
    /// Time from a customer's message (or a reopen) to the agent's next `agent_reply`.
    public var laterResponse: LogNormal
    /// Time from an agent's reply to the customer's `customer_reply`.
    public var customerDelay: LogNormal
    /// Time from the last agent reply to `resolved` (talk time and wrap-up for a call).
    public var resolveDelay: LogNormal
    /// Time from `resolved` to `closed`.
    public var closeDelay: LogNormal

    /// Probability, after each agent reply, that the agent sets the ticket `pending`.
    public var pendingProbability: Double
    /// Probability, after each agent reply that did not go pending, that the customer writes again.
    public var customerReplyProbability: Double
    /// Probability that a resolved ticket comes back (`reopened`, or a `customer_reply`).
    public var reopenProbability: Double
    /// Time from `resolved` to the reopen.
    public var reopenDelay: LogNormal

    /// Probability that the customer leaves before any answer (`abandoned`).
    public var abandonProbability: Double
    /// Share of abandons that are short: within `shortAbandonWindow` of `created` (misdials).
    public var shortAbandonShare: Double
    /// The short-abandon window in seconds (the daemon's `ShortAbandon=`).
    public var shortAbandonWindow: Double
    /// How long a customer who is not a short abandon waits before leaving.
    public var patience: LogNormal

    /// Probability that the ticket is moved to `transferTarget`.
    public var transferProbability: Double
    /// The channel a transfer goes to; nil: this channel never transfers.
    public var transferTarget: String?

    /// Number of agents (`agNNN`) working this channel.
    public var agentCount: Int
    /// Whether agents act only in the profile's office hours (their delays count office time).
    public var officeHoursOnly: Bool

    public init(
        name: String, share: Double, priorityMix: [Double] = [0.1, 0.75, 0.12, 0.03],
        priorityChangeProbability: Double = 0.02,
        firstResponse: LogNormal, assignmentShare: Double = 0.5, laterResponse: LogNormal,
        customerDelay: LogNormal, resolveDelay: LogNormal, closeDelay: LogNormal,
        pendingProbability: Double = 0, customerReplyProbability: Double = 0,
        reopenProbability: Double = 0, reopenDelay: LogNormal = .hours(8, sigma: 1.0, minimum: 120, maximum: 5 * 86_400),
        abandonProbability: Double = 0, shortAbandonShare: Double = 0, shortAbandonWindow: Double = 0,
        patience: LogNormal = .minutes(1, sigma: 0.8),
        transferProbability: Double = 0, transferTarget: String? = nil,
        agentCount: Int = 20, officeHoursOnly: Bool = false
    ) {
        precondition(share >= 0 && priorityMix.count == 4 && agentCount > 0, "invalid channel profile")
        self.name = name
        self.share = share
        self.priorityMix = priorityMix
        self.priorityChangeProbability = priorityChangeProbability
        self.firstResponse = firstResponse
        self.assignmentShare = assignmentShare
        self.laterResponse = laterResponse
        self.customerDelay = customerDelay
        self.resolveDelay = resolveDelay
        self.closeDelay = closeDelay
        self.pendingProbability = pendingProbability
        self.customerReplyProbability = customerReplyProbability
        self.reopenProbability = reopenProbability
        self.reopenDelay = reopenDelay
        self.abandonProbability = abandonProbability
        self.shortAbandonShare = shortAbandonShare
        self.shortAbandonWindow = shortAbandonWindow
        self.patience = patience
        self.transferProbability = transferProbability
        self.transferTarget = transferTarget
        self.agentCount = agentCount
        self.officeHoursOnly = officeHoursOnly
    }
}
