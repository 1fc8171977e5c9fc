import Logging
package import RepliesCore
import ServiceLifecycle

/// Runs the trigger worker and the pending-fragment sweeper as one lifecycle service.
/// On graceful shutdown receiving stops; batches already in flight finish first.
///
/// ```swift
/// let app = Application(router: router, services: [WorkerService(worker: worker, sweeper: sweeper)])
/// ```
package struct WorkerService: Service {
    let worker: TriggerWorker
    let sweeper: PendingSweeper?
    let sweepInterval: Duration

    package init(worker: TriggerWorker, sweeper: PendingSweeper?, sweepInterval: Duration = .seconds(60)) {
        self.worker = worker
        self.sweeper = sweeper
        self.sweepInterval = sweepInterval
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await worker.run() }
                if let sweeper {
                    group.addTask { await sweeper.run(every: sweepInterval) }
                }
            }
        }
    }
}

/// ServiceLifecycle names each service in its debug logs by `"\(service)"`: without this, every
/// such line carried a dump of the worker and all the engine's ports (about 15 KB).
extension WorkerService: CustomStringConvertible {
    package var description: String { "WorkerService" }
}
