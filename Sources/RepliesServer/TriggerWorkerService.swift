import Logging
package import RepliesCore
import ServiceLifecycle

/// `serve`'s trigger worker as a lifecycle service: on graceful shutdown receiving stops, and
/// batches already in flight finish first (``TriggerWorker`` shields them from cancellation).
///
/// ```swift
/// let app = Application(responder: responder, services: [TriggerWorkerService(worker: worker), sweeper, maintenance])
/// ```
package struct TriggerWorkerService: Service {
    let worker: TriggerWorker

    package init(worker: TriggerWorker) {
        self.worker = worker
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            await worker.run()
        }
    }
}

/// ServiceLifecycle names each service in its debug logs by `"\(service)"`: without this, every
/// such line carried a dump of the worker and all the engine's ports (about 10 KB).
extension TriggerWorkerService: CustomStringConvertible {
    package var description: String { "TriggerWorkerService" }
}
