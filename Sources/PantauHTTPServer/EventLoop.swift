import CEpoll
import Dispatch
import Glibc
import Synchronization

/// One thread that waits in `epoll_wait` and runs everything of its shard itself: the handlers of
/// ready descriptors, tasks handed in from other threads (`execute`), and a periodic tick. Under
/// load it goes from one ready socket to the next without a thread switch, where a Dispatch source
/// per socket costs a hand-off from libdispatch's epoll thread to a worker for every event.
///
/// Registrations are level-triggered. A descriptor is closed by its owner only after
/// `unregister`, on this thread, so epoll never watches a closed or reused descriptor; each
/// registration also carries a generation, so an event already fetched for a descriptor that was
/// closed and reused within the same batch is dropped.
public final class EventLoop: @unchecked Sendable {
    public let name: String
    private let epoll: Int32
    private let wake: Int32
    /// Tasks from other threads, and whether a wake-up is already on its way.
    private let tasks = Mutex<[@Sendable () -> Void]>([])
    private let wakePending = Atomic<Bool>(false)

    // Loop-thread state.
    private struct Registration {
        let handler: any EventLoopHandler
        let generation: UInt32
    }
    private var registrations: [Int32: Registration] = [:]
    private var generation: UInt32 = 0
    private var tick: (() -> Void)?
    private var tickInterval = 0.5
    private var nextTick = 0.0

    private var thread = pthread_t()
    private let running = DispatchSemaphore(value: 0)
    private let started = Atomic<Bool>(false)

    /// Marks the wake-up descriptor in `epoll_data`.
    private static let wakeToken: UInt64 = .max

    init(name: String) throws(HTTPServerError) {
        self.name = name
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw HTTPServerError("\(name): epoll_create1: \(String(cString: strerror(errno)))") }
        wake = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wake >= 0 else {
            let why = String(cString: strerror(errno))
            close(epoll)
            throw HTTPServerError("\(name): eventfd: \(why)")
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.wakeToken
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, wake, &event) == 0 else {
            let why = String(cString: strerror(errno))
            close(wake)
            close(epoll)
            throw HTTPServerError("\(name): epoll_ctl: \(why)")
        }
    }

    /// Starts the thread; `tick` runs on it every `interval` seconds. Returns once it runs.
    func start(tickEvery interval: Double, _ tick: @escaping () -> Void) {
        self.tick = tick
        tickInterval = interval
        nextTick = Monotonic.seconds() + interval
        let retained = Unmanaged.passRetained(self).toOpaque()
        var created = pthread_t()  // `thread` is set by the thread itself, before `running`
        let rc = pthread_create(&created, nil, { argument in
            let loop = Unmanaged<EventLoop>.fromOpaque(argument!).takeRetainedValue()
            loop.run()
            return nil
        }, retained)
        precondition(rc == 0, "\(name): pthread_create failed: \(rc)")
        running.wait()
    }

    /// Whether the caller runs on this loop's thread.
    public var inLoop: Bool { started.load(ordering: .acquiring) && pthread_equal(pthread_self(), thread) != 0 }

    /// Runs `task` on the loop thread, soon, in the order submitted.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        tasks.withLock { $0.append(task) }
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = write(wake, &one, 8)
        }
    }

    /// Runs `task` on the loop thread and waits for it (at once when called there, or before the
    /// loop has started: nothing else can run its tasks then).
    public func executeAndWait(_ task: @escaping @Sendable () -> Void) {
        if !started.load(ordering: .acquiring) || inLoop { task(); return }
        let done = DispatchSemaphore(value: 0)
        execute { task(); done.signal() }
        done.wait()
    }

    // MARK: Registrations (on the loop thread)

    /// Starts watching `fd`; false when epoll refuses it (the owner then closes it).
    func register(_ fd: Int32, _ handler: any EventLoopHandler, events: UInt32) -> Bool {
        generation &+= 1
        var event = epoll_event()
        event.events = events
        event.data.u64 = Self.token(fd, generation)
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0 else { return false }
        registrations[fd] = Registration(handler: handler, generation: generation)
        return true
    }

    func modify(_ fd: Int32, events: UInt32) {
        guard let registration = registrations[fd] else { return }
        var event = epoll_event()
        event.events = events
        event.data.u64 = Self.token(fd, registration.generation)
        _ = epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event)
    }

    /// Stops watching `fd` (before its owner closes it).
    func unregister(_ fd: Int32) {
        guard registrations.removeValue(forKey: fd) != nil else { return }
        var event = epoll_event()
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &event)
    }

    /// The `epoll_data` of a registration: generation in the high half, descriptor in the low.
    private static func token(_ fd: Int32, _ generation: UInt32) -> UInt64 {
        UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd))
    }

    // MARK: The loop

    private func run() {
        thread = pthread_self()
        started.store(true, ordering: .releasing)
        running.signal()
        let capacity = 512
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        while true {
            let wait = max(0, nextTick - Monotonic.seconds())
            let n = epoll_wait(epoll, events, Int32(capacity), Int32((wait * 1000).rounded(.up)))
            if n < 0 && errno != EINTR {
                preconditionFailure("\(name): epoll_wait failed: \(String(cString: strerror(errno)))")
            }
            for k in 0..<max(0, Int(n)) {
                let data = events[k].data.u64
                if data == Self.wakeToken {
                    runTasks()
                    continue
                }
                let fd = Int32(bitPattern: UInt32(truncatingIfNeeded: data))
                guard let registration = registrations[fd], registration.generation == UInt32(truncatingIfNeeded: data >> 32) else {
                    continue  // unregistered earlier in this batch
                }
                registration.handler.ready(events[k].events)
            }
            let now = Monotonic.seconds()
            if now >= nextTick {
                nextTick = now + tickInterval
                tick?()
            }
        }
    }

    private func runTasks() {
        var count: UInt64 = 0
        _ = read(wake, &count, 8)
        wakePending.store(false, ordering: .releasing)
        let batch = tasks.withLock { pending -> [@Sendable () -> Void] in
            let taken = pending
            pending.removeAll(keepingCapacity: true)
            return taken
        }
        for task in batch { task() }
    }
}
