/// A response status: the three-digit code and its reason phrase.
///
/// The reason phrase is informational (RFC 9112 §4); clients act on the code alone.
public struct HTTPStatus: Sendable, Hashable, CustomStringConvertible {
    /// The status code, 100…999 (`render` writes 500 for anything outside).
    public let code: Int
    /// The reason phrase written after the code; control characters are replaced when rendered.
    public let reasonPhrase: String

    /// A status with an explicit reason phrase.
    public init(code: Int, reasonPhrase: String) {
        self.code = code
        self.reasonPhrase = reasonPhrase
    }

    /// A status with the standard reason phrase of `code` (RFC 9110 §15), empty for unknown codes.
    public init(code: Int) {
        self.init(code: code, reasonPhrase: Self.standardReasonPhrase(code) ?? "")
    }

    public var description: String { "\(code) \(reasonPhrase)" }

    public static let ok = HTTPStatus(code: 200, reasonPhrase: "OK")
    public static let noContent = HTTPStatus(code: 204, reasonPhrase: "No Content")
    public static let notModified = HTTPStatus(code: 304, reasonPhrase: "Not Modified")
    public static let badRequest = HTTPStatus(code: 400, reasonPhrase: "Bad Request")
    public static let unauthorized = HTTPStatus(code: 401, reasonPhrase: "Unauthorized")
    public static let forbidden = HTTPStatus(code: 403, reasonPhrase: "Forbidden")
    public static let notFound = HTTPStatus(code: 404, reasonPhrase: "Not Found")
    public static let methodNotAllowed = HTTPStatus(code: 405, reasonPhrase: "Method Not Allowed")
    public static let notAcceptable = HTTPStatus(code: 406, reasonPhrase: "Not Acceptable")
    public static let requestTimeout = HTTPStatus(code: 408, reasonPhrase: "Request Timeout")
    /// 411: the parser's answer to a chunked request body when bodies are allowed at all; it skips
    /// only bodies whose length is declared up front.
    public static let lengthRequired = HTTPStatus(code: 411, reasonPhrase: "Length Required")
    /// 413, named "Content Too Large" since RFC 9110 ("Payload Too Large" before).
    public static let contentTooLarge = HTTPStatus(code: 413, reasonPhrase: "Content Too Large")
    public static let uriTooLong = HTTPStatus(code: 414, reasonPhrase: "URI Too Long")
    public static let tooManyRequests = HTTPStatus(code: 429, reasonPhrase: "Too Many Requests")
    public static let requestHeaderFieldsTooLarge = HTTPStatus(code: 431, reasonPhrase: "Request Header Fields Too Large")
    public static let internalServerError = HTTPStatus(code: 500, reasonPhrase: "Internal Server Error")
    public static let notImplemented = HTTPStatus(code: 501, reasonPhrase: "Not Implemented")
    public static let serviceUnavailable = HTTPStatus(code: 503, reasonPhrase: "Service Unavailable")
    public static let httpVersionNotSupported = HTTPStatus(code: 505, reasonPhrase: "HTTP Version Not Supported")

    private static let known: [HTTPStatus] = [
        .ok, .noContent, .notModified, .badRequest, .unauthorized, .forbidden, .notFound, .methodNotAllowed,
        .notAcceptable, .requestTimeout, .lengthRequired, .contentTooLarge, .uriTooLong, .tooManyRequests,
        .requestHeaderFieldsTooLarge, .internalServerError, .notImplemented, .serviceUnavailable,
        .httpVersionNotSupported,
    ]

    /// The reason phrase of the statuses above, or nil for other codes.
    public static func standardReasonPhrase(_ code: Int) -> String? {
        known.first { $0.code == code }?.reasonPhrase
    }

    /// Whether a response with this status never has content (1xx, 204, 304), so that its end is
    /// known without `Content-Length` (RFC 9112 §6.3).
    public var hasNoContent: Bool {
        (100..<200).contains(code) || code == 204 || code == 304
    }
}
