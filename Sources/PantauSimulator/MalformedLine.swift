import PantauCore

/// The kinds of broken line the simulator mixes in, each meant to be rejected by the daemon
/// for one reason of SPEC §2 (ids `m<serial>` never collide with real event ids).
enum MalformedLine: CaseIterable, Sendable {
    case invalidJSON, missingField, unknownChannel, unknownType, badTimestamp, invalidUTF8

    /// The reason the daemon must reject the line with.
    var reason: RejectReason {
        switch self {
        case .invalidJSON: .invalidJSON
        case .missingField: .missingField
        case .unknownChannel: .unknownChannel
        case .unknownType: .unknownType
        case .badTimestamp: .invalidField
        case .invalidUTF8: .invalidUTF8
        }
    }

    /// Appends the broken line (LF included) that accompanies `event`, whose real line is `real`.
    func render(event e: PendingEvent, real: [UInt8], serial: Int64, renderer: inout LineRenderer,
                random: inout SimulatorRandom, into out: inout [UInt8]) {
        func head(ts: Bool = true) {
            LineRenderer.append("{\"id\":\"m", into: &out)
            LineRenderer.appendInteger(serial, into: &out)
            guard ts else { return }
            LineRenderer.append("\",\"ts\":\"", into: &out)
            renderer.appendTimestamp(e.time, into: &out)
        }
        func ticket() {
            LineRenderer.append("\",\"ticket\":\"t", into: &out)
            LineRenderer.appendInteger(e.ticket, into: &out)
        }
        switch self {
        case .invalidJSON:
            switch random.integer(0, 3) {
            case 0:
                // A line cut short (a producer crashed mid-write): a prefix before the final `}`.
                let body = real.count - 2
                out.append(contentsOf: real[0..<Int(random.integer(1, Int64(max(2, body))))])
            case 1:
                // A trailing comma.
                out.append(contentsOf: real[0..<(real.count - 2)])
                LineRenderer.append(",}", into: &out)
            default:
                // Not an object.
                LineRenderer.append("[\"t", into: &out)
                LineRenderer.appendInteger(e.ticket, into: &out)
                LineRenderer.append("\",\"", into: &out)
                out.append(contentsOf: EventType.allCases[Int(random.integer(0, 12))].name.utf8)
                LineRenderer.append("\"]", into: &out)
            }
        case .missingField:
            head()
            LineRenderer.append("\",\"type\":\"", into: &out)
            out.append(contentsOf: e.type.name.utf8)
            LineRenderer.append("\"}", into: &out)
        case .unknownChannel:
            head()
            LineRenderer.append("\",\"ticket\":\"f", into: &out)
            LineRenderer.appendInteger(serial, into: &out)
            LineRenderer.append("\",\"type\":\"created\",\"channel\":\"fax\"}", into: &out)
        case .unknownType:
            head()
            ticket()
            LineRenderer.append("\",\"type\":\"escalated\"}", into: &out)
        case .badTimestamp:
            head(ts: false)
            switch random.integer(0, 4) {
            case 0: LineRenderer.append("\",\"ts\":\"2026-02-30T10:00:00Z", into: &out)
            case 1: LineRenderer.append("\",\"ts\":\"yesterday", into: &out)
            case 2:
                // A local time without an offset.
                LineRenderer.append("\",\"ts\":\"", into: &out)
                renderer.appendTimestamp(e.time, into: &out)
                out.removeLast()
            default:
                // Epoch seconds as a number.
                LineRenderer.append("\",\"ts\":", into: &out)
                LineRenderer.appendInteger(e.time / 1000, into: &out)
                LineRenderer.append(",\"x\":\"", into: &out)
            }
            ticket()
            LineRenderer.append("\",\"type\":\"agent_reply\"}", into: &out)
        case .invalidUTF8:
            head()
            ticket()
            LineRenderer.append("\",\"type\":\"agent_reply\",\"agent\":\"ag", into: &out)
            if random.chance(0.5) { out.append(contentsOf: [0xC3, 0x28]) } else { out.append(0xFF) }
            LineRenderer.append("\"}", into: &out)
        }
        out.append(0x0A)
    }
}
