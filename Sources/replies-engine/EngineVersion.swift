/// The version `replies-engine --version` prints. Bumped by the release that changes it.
enum EngineVersion {
    static let current = "0.9.0"
}
