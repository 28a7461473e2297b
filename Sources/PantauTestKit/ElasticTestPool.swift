import Dispatch
import Glibc

/// Widens the test binary's task pool.
///
/// Swift's cooperative pool has one thread per core (two here), and the end-to-end tests block
/// threads: they wait in real time for processes, sockets and log lines. Two waiting tests idle the
/// machine while the rest queue behind them. Installed by a load-time constructor (CTestKitStartup),
/// this sends every job of the global executor to a fresh serial Dispatch queue instead; those run
/// on Dispatch's overcommitting threads, so a blocked test holds a thread of its own and the others
/// keep the cores busy. How many tests run at once stays bounded: `make test` sets
/// `SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH`. `PANTAU_TEST_COOPERATIVE_POOL=1` keeps the
/// stock pool.
@_cdecl("pantau_test_kit_widen_pool")
public func widenTestPool() {
    if let value = getenv("PANTAU_TEST_COOPERATIVE_POOL"), String(cString: value) == "1" { return }
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "swift_task_enqueueGlobal_hook") else { return }
    symbol.assumingMemoryBound(to: EnqueueGlobalHook?.self).pointee = { job, _ in
        let address = unsafeBitCast(job, to: UInt.self)
        DispatchQueue(label: "pantau.test.job").async {
            unsafeBitCast(address, to: UnownedJob.self).runSynchronously(on: globalConcurrentExecutor.asUnownedTaskExecutor())
        }
    }
}

private typealias EnqueueGlobalOriginal = @convention(thin) (UnownedJob) -> Void
private typealias EnqueueGlobalHook = @convention(thin) (UnownedJob, EnqueueGlobalOriginal) -> Void
