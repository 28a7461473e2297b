import CEpoll
import Dispatch
import Glibc
import Synchronization
import PantauSystem

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
    /// Tasks from other threads, whether a wake-up is already on its way, and whether the loop
    /// has ended (then tasks are dropped and `wake`, closed, is never written).
    private struct Inbox {
        var tasks: [@Sendable () -> Void] = []
        var wakePending = false
        var closed = false
    }
    private let inbox = Mutex(Inbox())
    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

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

    public init(name: String) throws(HTTPServerError) {
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
        nextTick = SystemClock().monotonicSeconds() + interval
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

    /// Runs `task` on the loop thread, soon, in the order submitted; dropped once the loop has
    /// ended (then false).
    @discardableResult
    public func execute(_ task: @escaping @Sendable () -> Void) -> Bool {
        inbox.withLock { inbox in
            guard !inbox.closed else { return false }
            inbox.tasks.append(task)
            guard !inbox.wakePending else { return true }
            inbox.wakePending = true
            var one: UInt64 = 1
            _ = write(wake, &one, 8)  // under the lock: never after the loop closed `wake`
            return true
        }
    }

    /// Ends the loop after the turn it is in and waits for its thread to finish (not from the
    /// loop's own thread); its descriptors are closed. Tasks submitted later are dropped.
    public func stop() {
        guard !stopRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        guard started.load(ordering: .acquiring) else {
            closeDescriptors()
            return
        }
        precondition(!inLoop, "\(name): stop() from the loop's own thread")
        execute {}
        finished.wait()
    }

    /// Whether the loop has ended (its thread finished, or it was stopped before it started).
    public var hasEnded: Bool { inbox.withLock { $0.closed } }

    private func closeDescriptors() {
        // Tasks still queued run now (an `executeAndWait` may be waiting for one); once closed,
        // none are taken. Closing twice (stopped before started, then started) does nothing.
        let (leftover, wasClosed) = inbox.withLock { inbox -> ([@Sendable () -> Void], Bool) in
            defer { inbox.closed = true; inbox.tasks.removeAll() }
            return (inbox.tasks, inbox.closed)
        }
        guard !wasClosed else { return }
        for task in leftover { task() }
        SystemCall.close(wake)
        SystemCall.close(epoll)
    }

    /// Runs `task` on the loop thread and waits for it (at once when called there, or before the
    /// loop has started: nothing else can run its tasks then).
    public func executeAndWait(_ task: @escaping @Sendable () -> Void) {
        if !started.load(ordering: .acquiring) || inLoop { task(); return }
        let done = DispatchSemaphore(value: 0)
        // The loop ended (or ends before it runs this): run it here, nothing else runs its tasks.
        guard execute({ task(); done.signal() }) else { task(); return }
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
        while !stopRequested.load(ordering: .acquiring) {
            let wait = max(0, nextTick - SystemClock().monotonicSeconds())
            let n: Int32
            do {
                n = try SystemCall.retrying("\(name): epoll_wait") { epoll_wait(epoll, events, Int32(capacity), Int32((wait * 1000).rounded(.up))) }
            } catch {
                preconditionFailure("\(error)")  // EBADF, EFAULT, EINVAL: a bug, not a condition
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
            let now = SystemClock().monotonicSeconds()
            if now >= nextTick {
                nextTick = now + tickInterval
                tick?()
            }
        }
        events.deallocate()
        registrations.removeAll()
        tick = nil
        closeDescriptors()
        finished.signal()
    }

    private func runTasks() {
        var count: UInt64 = 0
        _ = read(wake, &count, 8)
        let batch = inbox.withLock { inbox -> [@Sendable () -> Void] in
            inbox.wakePending = false
            let taken = inbox.tasks
            inbox.tasks.removeAll(keepingCapacity: true)
            return taken
        }
        for task in batch { task() }
    }
}
