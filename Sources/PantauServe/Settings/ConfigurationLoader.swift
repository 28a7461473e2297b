#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PantauCore
import PantauSystem

/// Reads the configuration files from disk and hands them to ``ConfigurationParser``: the main file,
/// then every `*.conf` in the drop-in directory `PATH.d/` in lexical byte order (later wins).
public enum ConfigurationLoader {
    /// The main configuration file when no `--config` is given.
    public static let defaultPath = "/etc/pantau/pantau.conf"

    /// The largest configuration file read; anything bigger is surely not a configuration file.
    static let maximumFileBytes = 4 << 20

    /// Loads `path` and its drop-ins (`path` + `.d/*.conf`; names starting with `.` and directories
    /// are skipped; a missing drop-in directory is fine).
    ///
    /// - Returns: the configuration, or every error: an unreadable main file is reported alone (line
    ///   0); an unreadable drop-in or drop-in directory is reported together with every error in the
    ///   files that could be read, in file order.
    public static func load(path: String) -> Result<Configuration, ConfigurationErrors> {
        let main: String
        switch readText(path) {
        case .success(let text): main = text
        case .failure(let error): return .failure(ConfigurationErrors([error]))
        }
        var sources = [ConfigurationSource(path: path, text: main)]
        // Files in the order they are applied; errors about unreadable ones keep that position.
        var order = [path]
        var readErrors: [ConfigurationError] = []
        switch dropInPaths(in: path + ".d") {
        case .success(let paths):
            for dropIn in paths {
                order.append(dropIn)
                switch readText(dropIn) {
                case .success(let text): sources.append(ConfigurationSource(path: dropIn, text: text))
                case .failure(let error): readErrors.append(error)
                }
            }
        case .failure(let error):
            order.append(error.file)
            readErrors.append(error)
        }
        let parsed = ConfigurationParser.parse(sources)
        guard !readErrors.isEmpty else { return parsed }
        var errors = readErrors
        if case .failure(let parseErrors) = parsed { errors += parseErrors.errors }
        let position = Dictionary(order.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        func key(_ entry: (offset: Int, element: ConfigurationError)) -> (Int, Int, Int) {
            (position[entry.element.file] ?? 0, entry.element.line, entry.offset)
        }
        let sorted = errors.enumerated().sorted { key($0) < key($1) }
        return .failure(ConfigurationErrors(sorted.map(\.element)))
    }

    /// The `*.conf` files of a drop-in directory in lexical byte order; empty when it does not exist.
    static func dropInPaths(in directory: String) -> Result<[String], ConfigurationError> {
        guard let handle = opendir(directory) else {
            let code = errno
            if code == ENOENT { return .success([]) }
            return .failure(ConfigurationError(file: directory, line: 0,
                                               message: "cannot read drop-in directory: \(describe(code))"))
        }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            guard name.first != UInt8(ascii: "."), name.count > 5, name.suffix(5).elementsEqual(".conf".utf8)
            else { continue }
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        var paths: [String] = []
        for name in names {
            let path = directory + "/" + String(decoding: name, as: UTF8.self)
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { continue }
            paths.append(path)
        }
        return .success(paths)
    }

    /// The whole file as UTF-8 text, or an error naming the file (line 0; for invalid UTF-8 the line
    /// of the first bad byte).
    static func readText(_ path: String) -> Result<String, ConfigurationError> {
        func failure(_ message: String, line: Int = 0) -> Result<String, ConfigurationError> {
            .failure(ConfigurationError(file: path, line: line, message: message))
        }
        // Non-blocking, then regular files only: a FIFO or a device must not hang start-up,
        // reload or check-config.
        let bytes: [UInt8]
        do {
            bytes = try Files.read(path, limit: maximumFileBytes)
        } catch .tooLarge {
            return failure("configuration file is larger than \(maximumFileBytes >> 20) MiB")
        } catch {
            return failure("cannot read configuration file: \(error)")
        }
        var line = 1
        for lineBytes in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(validating: lineBytes, as: UTF8.self) == nil {
                return failure("the file is not valid UTF-8", line: line)
            }
            line += 1
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// `strerror` of an errno value.
    private static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}
