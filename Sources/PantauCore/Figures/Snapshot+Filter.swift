extension Snapshot {
    /// The same figures with only the named channels (in configuration order); nil keeps all.
    /// Event totals are the daemon's and stay whole.
    public func filtered(to channelNames: Set<String>?) -> Snapshot {
        guard let channelNames else { return self }
        return Snapshot(at: at, channels: channels.filter { channelNames.contains($0.name) }, events: events)
    }
}
