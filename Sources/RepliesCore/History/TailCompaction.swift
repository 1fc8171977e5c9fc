/// How many of a record's oldest `messages` entries move to the history table before a batch
/// appends more.
///
/// Nothing moves while the entries fit `maxBytes` (DynamoDB bytes, see ``ItemSize``); past it,
/// the oldest move until the rest fits half of it, so the next compaction is many batches away.
/// With each appended turn cut to ``EngineSettings/recordTurnMaxBytes``, the record's `messages`
/// never exceed `maxBytes` plus one batch's turns.
package enum TailCompaction {
    package static func movingCount(_ entries: [RecordValue], maxBytes: Int) -> Int {
        // One byte per element for the list's framing, as DynamoDB counts it.
        let sizes = entries.map { 1 + ItemSize.of($0) }
        var remaining = sizes.reduce(0, +)
        guard remaining > maxBytes else { return 0 }
        let target = maxBytes / 2
        var count = 0
        while count < sizes.count, remaining > target {
            remaining -= sizes[count]
            count += 1
        }
        return count
    }
}
