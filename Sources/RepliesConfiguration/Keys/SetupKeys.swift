/// `setup-aws`: what it creates. Names come from the AWS backend's table and queue keys.
package struct SetupKeys: ConfigKeyGroup {
    package static let title = "AWS setup (`setup-aws`)"
    package static let summary = "Table and queue names come from the AWS backend keys above, with development defaults."

    package let createConversationsTable: ConfigKey<Bool> = .flag(
        "SETUP_CONVERSATIONS_TABLE", default: true,
        "`false` on accounts where the template sender's stack owns the ConversationsTable: it is then only checked")
    package let workerTimeout: ConfigKey<Int> = .integer(
        "REPLY_WORKER_TIMEOUT_SECONDS", default: 150, in: 1...900,
        "the worker function's timeout; the channel queues' visibility is 6 × this")

    package init() {}
}
