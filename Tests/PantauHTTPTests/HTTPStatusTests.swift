import Testing
@testable import PantauHTTP

/// Codes, reason phrases, methods and versions.
@Suite struct HTTPStatusTests {
    @Test func knowsTheStatusesTheServerUses() {
        let expected: [(Int, String)] = [
            (200, "OK"), (204, "No Content"), (304, "Not Modified"), (400, "Bad Request"), (401, "Unauthorized"),
            (403, "Forbidden"), (404, "Not Found"), (405, "Method Not Allowed"), (406, "Not Acceptable"),
            (408, "Request Timeout"), (411, "Length Required"), (413, "Content Too Large"), (414, "URI Too Long"),
            (429, "Too Many Requests"), (431, "Request Header Fields Too Large"), (500, "Internal Server Error"),
            (501, "Not Implemented"), (503, "Service Unavailable"), (505, "HTTP Version Not Supported"),
        ]
        for (code, phrase) in expected {
            #expect(HTTPStatus(code: code) == HTTPStatus(code: code, reasonPhrase: phrase))
        }
        #expect(HTTPStatus(code: 299).reasonPhrase == "")
        #expect(HTTPStatus.uriTooLong.description == "414 URI Too Long")
        #expect(HTTPStatus.notModified.hasNoContent && HTTPStatus(code: 101).hasNoContent && !HTTPStatus.ok.hasNoContent)
    }

    @Test func methodsAreCaseSensitiveTokens() {
        #expect(HTTPMethod("GET") == .get && HTTPMethod("HEAD") == .head && HTTPMethod("OPTIONS") == .options)
        #expect(HTTPMethod("Get") == .other("Get"))
        #expect(HTTPMethod("PATCH").name == "PATCH" && HTTPMethod.options.description == "OPTIONS")
        #expect(HTTPVersion.http1_0.description == "HTTP/1.0" && HTTPVersion.http1_1.description == "HTTP/1.1")
    }
}
