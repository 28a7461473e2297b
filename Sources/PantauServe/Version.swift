import PantauSystem

/// Pantau's version, printed by `--version` and exported as `pantau_build_info{version}`.
public enum PantauVersion {
    public static let string = "0.1.0"
}
