/// Test-only switches, honoured by debug builds only (release builds contain no crash points).
package struct DebugKeys: ConfigKeyGroup {
    package static let title = "Debug builds only"

    package let crashAt: ConfigKey<String> = .text(
        "REPLIES_DEBUG_CRASH_AT", "kill the process at a named point of the batch flow (crash-point tests)")

    package init() {}
}
