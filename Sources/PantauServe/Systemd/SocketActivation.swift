import CSystemd
import Glibc

/// Listening sockets passed by systemd (`sd_listen_fds_with_names`, socket activation).
///
/// Sockets named `http` (`FileDescriptorName=http` in the socket unit) are served; when none is
/// so named, every passed socket is (an unnamed one is called after its unit). The others are
/// closed, and returned as `ignored` for the log.
enum SocketActivation {
    struct Passed {
        var served: [(fd: Int32, name: String)] = []
        var ignored: [String] = []
    }

    /// The passed descriptors (none when not socket-activated); the variables are unset after.
    static func passed() -> Passed {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        guard count > 0 else { return Passed() }
        var all: [(fd: Int32, name: String)] = []
        for i in 0..<Int(count) {
            let name = names?[i].map { String(cString: $0) } ?? "unknown"
            all.append((SD_LISTEN_FDS_START + Int32(i), name))
        }
        if let names {
            for i in 0..<Int(count) { free(names[i]) }
            free(names)
        }
        guard all.contains(where: { $0.name == "http" }) else { return Passed(served: all) }
        var passed = Passed()
        for socket in all {
            if socket.name == "http" {
                passed.served.append(socket)
            } else {
                close(socket.fd)
                passed.ignored.append(socket.name)
            }
        }
        return passed
    }
}
