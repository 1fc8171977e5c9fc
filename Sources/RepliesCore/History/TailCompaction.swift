/// How many of a record's oldest `messages` entries move to the history table before a batch
/// appends more.
///
/// Nothing moves while the entries plus `reserve` (what the batch is about to append) fit
/// `maxBytes` (DynamoDB bytes, see ``ItemSize``); past it, the oldest move until the rest plus
/// the reserve fits half of it (all of them when the reserve alone is larger), so the next
/// compaction is many batches away. With each appended turn cut to
/// ``EngineSettings/recordTurnMaxBytes``, the record's `messages` stay far below 400 KB.
package enum TailCompaction {
    package static func movingCount(_ entries: [RecordValue], maxBytes: Int, reserve: Int = 0) -> Int {
        // One byte per element for the list's framing, as DynamoDB counts it.
        let sizes = entries.map { 1 + ItemSize.of($0) }
        var remaining = sizes.reduce(0, +)
        guard remaining + reserve > maxBytes else { return 0 }
        let target = max(0, maxBytes / 2 - reserve)
        var count = 0
        while count < sizes.count, remaining > target {
            remaining -= sizes[count]
            count += 1
        }
        return count
    }
}
