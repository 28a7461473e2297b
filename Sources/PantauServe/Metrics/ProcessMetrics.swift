import Glibc
import PantauCore
import PantauSystem

/// The standard `process_*` metrics of the Prometheus client libraries, from `/proc/self`.
enum ProcessMetrics {
    /// `process_cpu_seconds_total`, `process_resident_memory_bytes`, `process_virtual_memory_bytes`,
    /// `process_start_time_seconds`, `process_open_fds`, `process_max_fds`; the ones that cannot be
    /// read are left out.
    static func families() -> [MetricFamily] {
        var out: [MetricFamily] = []
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let stat = readFile("/proc/self/stat"), let close = stat.lastIndex(of: ")") {
            // Fields after "pid (comm)": state is field 3; utime 14, stime 15, starttime 22, vsize 23, rss 24.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            func field(_ n: Int) -> Double? { fields.count > n - 3 ? Double(fields[n - 3]) : nil }
            if let utime = field(14), let stime = field(15) {
                out.append(gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", (utime + stime) / ticks, counter: true))
            }
            if let rss = field(24) {
                out.append(gauge("process_resident_memory_bytes", "Resident memory size in bytes.", rss * page))
            }
            if let vsize = field(23) {
                out.append(gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", vsize))
            }
            if let start = field(22), let boot = bootTime {
                out.append(gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", boot + start / ticks))
            }
        }
        if let open = openDescriptors() {
            out.append(gauge("process_open_fds", "Number of open file descriptors.", Double(open)))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            out.append(gauge("process_max_fds", "Maximum number of open file descriptors.", Double(limit.rlim_cur)))
        }
        return out
    }

    private static func gauge(_ name: String, _ help: String, _ value: Double, counter: Bool = false) -> MetricFamily {
        MetricFamily(name: name, help: help, kind: counter ? .counter : .gauge, samples: [(labels: [], value: value)])
    }

    /// The boot time (`btime` of /proc/stat), read once: /proc/stat is long (a count per
    /// interrupt), and the value never changes.
    private static let bootTime: Double? = readBootTime()

    private static func readBootTime() -> Double? {
        guard let stat = readFile("/proc/stat") else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingPrefix(while: { $0 == " " }))
        }
        return nil
    }

    private static func openDescriptors() -> Int? {
        guard let dir = opendir("/proc/self/fd") else { return nil }
        defer { closedir(dir) }
        var n = 0
        while let entry = readdir(dir) {
            let first = withUnsafeBytes(of: entry.pointee.d_name) { $0[0] }
            if first != UInt8(ascii: ".") { n += 1 }
        }
        return max(0, n - 1)  // less the descriptor opendir holds
    }

    /// The number of CPUs the process may run on: its affinity mask (`taskset`, systemd's
    /// `CPUAffinity=`), from `Cpus_allowed:` in /proc/self/status (hex digits in comma-separated
    /// groups); nil when it cannot be read.
    static func allowedCPUs() -> Int? {
        guard let status = readFile("/proc/self/status"),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        let count = line.dropFirst("Cpus_allowed:".count).reduce(0) { $0 + ($1.hexDigitValue?.nonzeroBitCount ?? 0) }
        return count > 0 ? count : nil
    }

    /// A small /proc file, whole.
    static func readFile(_ path: String) -> String? {
        guard let bytes = try? Files.read(path, limit: 1 << 20, regularOnly: false) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
