/// A failure of the serve runtime that stops it (an unusable spool, state or listen address, an
/// unreadable token file), with a message naming what and why.
package struct ServeError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
