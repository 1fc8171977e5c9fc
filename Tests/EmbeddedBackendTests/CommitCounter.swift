import Foundation
import GRDB

/// Counts the transactions SQLite itself reports committed on a connection (GRDB calls
/// `databaseDidCommit` from SQLite's commit hook), independently of the group-commit code.
final class CommitCounter: TransactionObserver, @unchecked Sendable {
    // Guards `count`: the observer is called on the writer's thread, read by the test.
    private let lock = NSLock()
    private var count = 0

    var commits: Int { lock.withLock { count } }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { lock.withLock { count += 1 } }
    func databaseDidRollback(_ db: Database) {}
}
