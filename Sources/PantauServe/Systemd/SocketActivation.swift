import CSystemd

/// Listening sockets passed by systemd (`sd_listen_fds`, socket activation).
enum SocketActivation {
    /// The passed descriptors (none when not socket-activated); the variables are unset after.
    static func passedDescriptors() -> [Int32] {
        let passed = sd_listen_fds(1)
        guard passed > 0 else { return [] }
        return Array(SD_LISTEN_FDS_START..<(SD_LISTEN_FDS_START + passed))
    }
}
