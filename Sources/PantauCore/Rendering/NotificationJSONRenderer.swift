/// Renders a `breach` or `warning` as the JSON `data` of its server-sent event:
/// `{"type":"breach","ticket":"T-1","channel":"chat","sla":"first_response","priority":"normal",
/// "deadline":"…","at":"…"}`. `at` is when it was decided; for a breach it equals `deadline`.
public enum NotificationJSONRenderer {
    public static func render(_ n: SLANotification, into out: inout [UInt8]) {
        ByteWriter.append(n.kind == .breach ? "{\"type\":\"breach\",\"ticket\":" : "{\"type\":\"warning\",\"ticket\":", to: &out)
        ByteWriter.appendJSONString(n.ticket, to: &out)
        ByteWriter.append(",\"channel\":", to: &out)
        ByteWriter.appendJSONString(n.channel, to: &out)
        ByteWriter.append(",\"sla\":\"", to: &out)
        ByteWriter.append(n.sla.name, to: &out)
        ByteWriter.append("\",\"priority\":\"", to: &out)
        ByteWriter.append(n.priority.name, to: &out)
        ByteWriter.append("\",\"deadline\":\"", to: &out)
        RFC3339.format(n.deadline, into: &out)
        ByteWriter.append("\",\"at\":\"", to: &out)
        RFC3339.format(n.at, into: &out)
        ByteWriter.append("\"}", to: &out)
    }
}
