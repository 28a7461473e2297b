/// One log record as a sink receives it: level, message, fields, kind and where in the code.
package struct LogRecord {
    package let level: Logger.Level
    package let message: String
    package let fields: [String: any LogValue]
    package let kind: LogKind?
    package let file: String
    package let line: Int
    package let function: String
}
