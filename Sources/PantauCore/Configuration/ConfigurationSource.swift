/// One configuration file's text, as read by the shell: the main file or a drop-in.
/// The parser never opens files; `path` is only used to name the file in errors.
public struct ConfigurationSource: Sendable {
    /// The path shown in errors (`/etc/pantau/pantau.conf`).
    public var path: String
    /// The file's whole content.
    public var text: String

    /// A source with that path and text.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
