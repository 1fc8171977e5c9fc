/// One turn of a conversation at its position in the whole transcript.
///
/// Positions count every entry the record's `messages` ever held, from 0 (the template sender's
/// first entry). The record keeps the turns from ``Conversation/archivedMessageCount`` on; the
/// ones before it live in the history table (``TurnArchive``). A position's turn never changes,
/// so writing it to the archive twice is harmless and readers can de-duplicate by position.
package struct ArchivedTurn: Sendable, Hashable {
    package var position: Int
    /// The `messages` entry exactly as the record held it (template-sender entries included).
    package var entry: RecordValue

    package init(position: Int, entry: RecordValue) {
        self.position = position
        self.entry = entry
    }

    /// The entry read through the data contract; nil for entries that are not readable turns.
    package var message: MessageEntry? { MessageEntry(value: entry) }
}
