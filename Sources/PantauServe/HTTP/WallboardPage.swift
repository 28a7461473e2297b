import PantauHTTPServer

/// `GET /`: the wallboard, one self-contained document (HTML, CSS and JavaScript inline; no font,
/// image or script from anywhere else) fed by `/events` and `/api/v1/wallboard`. What it shows and
/// how it behaves: docs/wallboard.md. The document's skeleton is here, its style sheet in
/// `WallboardPage+Style.swift`, its script in `WallboardPage+Script.swift`.
enum WallboardPage {
    /// Only the page's own inline code, and connections back to this server and to `peers` (the
    /// other instances of an HA pair, `[Wallboard] Servers=`).
    static func contentSecurityPolicy(connectingTo peers: [String]) -> String {
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src "
            + (["'self'"] + peers).joined(separator: " ")
            + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    /// The page, with this build's version (the page reloads itself when the server's differs).
    static let body = ByteChunk(
        document.replacingOccurrences(of: "@STYLE@", with: style)
            .replacingOccurrences(of: "@SCRIPT@", with: script.replacingOccurrences(of: "@VERSION@", with: PantauVersion.string)))

    /// The markup; `@STYLE@` and `@SCRIPT@` take the style sheet and the script.
    static let document = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<title>Pantau</title>
<style>
@STYLE@</style>
</head>
<body>
<div id="board">
  <header><div id="title">Pantau</div><div id="conn" data-state="connecting"><span class="dot"></span><span id="conn-text"></span></div><div id="clock"></div></header>
  <main id="tiles"></main>
  <footer><div id="ticker-label"></div><ol id="ticker"></ol></footer>
</div>
<script>
@SCRIPT@</script>
</body>
</html>

"""#
}
