/// Renders what the wallboard page needs besides the figures (`GET /api/v1/wallboard`): the
/// server's version (the page reloads itself when it changes), the time zone of its clock, the
/// push interval (how old figures may get before they are greyed), the `[Wallboard]` thresholds,
/// the servers to fail over between, and each channel's targets, in configuration order.
public enum WallboardConfigRenderer {
    public static func render(_ configuration: Configuration, version: String, timeZone: String) -> [UInt8] {
        var out: [UInt8] = []
        let w = configuration.wallboard
        ByteWriter.append("{\"version\":", to: &out)
        ByteWriter.appendJSONString(version, to: &out)
        ByteWriter.append(",\"time_zone\":", to: &out)
        ByteWriter.appendJSONString(timeZone, to: &out)
        ByteWriter.append(",\"push_interval_seconds\":", to: &out)
        ByteWriter.append(configuration.daemon.pushInterval.secondsValue, to: &out)
        ByteWriter.append(",\"thresholds\":{\"amber_band\":", to: &out)
        ByteWriter.append(w.amberBand, to: &out)
        ByteWriter.append(",\"wait_amber\":", to: &out)
        ByteWriter.append(w.waitAmber, to: &out)
        ByteWriter.append(",\"breaching_soon_red\":", to: &out)
        ByteWriter.append(w.breachingSoonRed, to: &out)
        ByteWriter.append(",\"hold_seconds\":", to: &out)
        ByteWriter.append(w.hold.secondsValue, to: &out)
        ByteWriter.append(",\"ticker_length\":", to: &out)
        ByteWriter.append(w.tickerLength, to: &out)
        ByteWriter.append("},\"servers\":[", to: &out)
        for (n, server) in w.servers.enumerated() {
            if n > 0 { out.append(0x2C) }
            ByteWriter.appendJSONString(server, to: &out)
        }
        ByteWriter.append("],\"channels\":[", to: &out)
        for (n, c) in configuration.channels.enumerated() {
            if n > 0 { out.append(0x2C) }
            ByteWriter.append("{\"name\":", to: &out)
            ByteWriter.appendJSONString(c.name, to: &out)
            ByteWriter.append(",\"first_response_seconds\":", to: &out)
            if let t = c.targets.firstResponse, t != .infinite { ByteWriter.append(t.secondsValue, to: &out) } else { ByteWriter.append("null", to: &out) }
            ByteWriter.append(",\"service_level_target\":", to: &out)
            if let t = c.settings.serviceLevelTarget { ByteWriter.append(t, to: &out) } else { ByteWriter.append("null", to: &out) }
            ByteWriter.append(",\"service_level_formula\":", to: &out)
            ByteWriter.appendJSONString(c.settings.serviceLevel.name, to: &out)
            ByteWriter.append(",\"formula_text\":", to: &out)
            ByteWriter.appendJSONString(c.settings.serviceLevel.formulaText, to: &out)
            out.append(0x7D)
        }
        ByteWriter.append("]}\n", to: &out)
        return out
    }
}
