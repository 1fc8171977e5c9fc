import EmbeddedBackend
import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// Handoff notices are stored and logged without the full phone number; companies round-trip.
@Suite struct HandoffAndCompanyTests {
    @Test func noticesAreStoredAndLoggedMasked() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let capture = LogCapture()
        let clock = ManualClock()
        let backend = try await Support.open(directory, clock: clock, logger: capture.logger)

        let conversation = try Conversation(record: Support.record())
        let notice = HandoffNotice(
            reason: .modelRequested, detail: "asked for a person", conversation: conversation, channel: .whatsapp,
            messageSids: ["SM1", "SM2"], batchId: "batch-1", createdAt: clock.now()
        )
        try await backend.handoff.notify(notice)
        #expect(try await backend.handoff.notices() == [notice])
        try await backend.close()

        let logs = capture.text
        #expect(logs.contains(PhoneNumber.mask(Support.userNumber)))
        #expect(!logs.contains(Support.userNumber))
        #expect(logs.contains("model_requested"))
    }

    @Test func companiesRoundTripByCompanyAndProject() async throws {
        try await Support.withBackend { backend, _ in
            let record: Record = [
                "company_id": .string("ci-aaa-001"), "project_id": .string("pi-aaa-001"),
                "allowed_channels": .list([.string("whatsapp")]), "project_status": .string("inactive"),
                "rate_limits": .map(["requests_per_minute": .number("60")]), "company_rep": .null,
            ]
            try await backend.companies.put(record)
            #expect(try await backend.companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001") == record)
            #expect(try await backend.companies.company(companyId: "ci-aaa-001", projectId: "pi-other") == nil)
            await #expect(throws: EmbeddedStoreError.missingKeyAttribute("project_id")) {
                try await backend.companies.put(["company_id": .string("ci-aaa-001")])
            }
        }
    }
}
