import PantauSystem

/// What an `EventLoop` calls, on its thread, when a descriptor registered with it is ready.
protocol EventLoopHandler: AnyObject {
    /// `events`: the epoll bits that are set (`EPOLLIN`, `EPOLLOUT`, `EPOLLHUP`, `EPOLLERR`).
    func ready(_ events: UInt32)
}
