/// Identifies a batch by its fragments: the same SIDs always give the same id (64-bit FNV-1a of
/// the sorted SIDs, hex). It names the batch in pending replies, handoff notices and logs.
package enum BatchId {
    package static func of(_ messageSids: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in messageSids.sorted().joined(separator: ",").utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
