/// Reads Pantau's systemd-style INI configuration (SPEC §5, `docs/configuration.md`) into a
/// ``Configuration``. Pure: the caller reads the files (see `ConfigurationLoader` in the daemon).
public enum ConfigurationParser {
    /// Parses the main file and its drop-ins, applied in the given order (a later assignment of a
    /// key wins), then resolves `[Daemon]` defaults and calendar references.
    ///
    /// - Returns: the configuration, or every error found (not just the first), ordered by the
    ///   position of their source in `sources` and then by line.
    public static func parse(_ sources: [ConfigurationSource]) -> Result<Configuration, ConfigurationErrors> {
        var builder = ConfigurationBuilder(paths: sources.map(\.path))
        for (index, source) in sources.enumerated() {
            builder.read(source.text, source: index)
        }
        return builder.build()
    }
}
