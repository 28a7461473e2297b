/// `GET /`: the channels and links to the endpoints (the wallboard replaces it).
enum IndexPage {
    static func html(channels: [String]) -> String {
        let names = channels.map { "<li>\(escapeHTML($0))</li>" }.joined()
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Pantau</title></head>
            <body><h1>Pantau \(PantauVersion.string)</h1>
            <p>Channels:</p><ul>\(names)</ul>
            <ul><li><a href="/metrics">/metrics</a> (Prometheus)</li><li><a href="/events">/events</a> (server-sent events)</li>
            <li><a href="/api/v1/snapshot">/api/v1/snapshot</a> (JSON)</li><li><a href="/readyz">/readyz</a>, <a href="/healthz">/healthz</a></li></ul>
            </body></html>

            """
    }

    static func escapeHTML(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
