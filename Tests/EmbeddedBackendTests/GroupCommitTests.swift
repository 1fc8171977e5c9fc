@testable import EmbeddedBackend
import Foundation
import InMemoryBackend
import Testing
import SQLiteNIO

/// Group commit: concurrent transactions share one COMMIT, yet each keeps its own outcome.
@Suite struct GroupCommitTests {
    struct Boom: Error {}

    @Test func aFailingBodyInAGroupUndoesOnlyItsOwnWrites() async throws {
        try await Support.withBackend { backend, _ in
            let database = backend.database
            try await database.transaction { try await $0.run("CREATE TABLE scratch (n INTEGER PRIMARY KEY)") }
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<60 {
                    group.addTask {
                        do {
                            try await database.transaction { sql in
                                if n % 3 == 1 { _ = try await sql.rows("SELECT count(*) FROM scratch") }
                                try await sql.run("INSERT INTO scratch (n) VALUES (?)", [.integer(n)])
                                if n % 2 == 1 { throw Boom() }
                            }
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            let stored = try await database.transaction { sql in
                try await sql.rows("SELECT n FROM scratch ORDER BY n").compactMap { $0.column("n")?.integer }
            }
            #expect(stored == Array(stride(from: 0, to: 60, by: 2)))
            #expect(outcomes.filter(\.value).keys.sorted() == Array(stride(from: 0, to: 60, by: 2)))
        }
    }

    @Test func aFailingReadOnlyOrFirstWriterDoesNotFailTheOthers() async throws {
        try await Support.withBackend { backend, _ in
            let database = backend.database
            try await database.transaction { try await $0.run("CREATE TABLE scratch (n INTEGER PRIMARY KEY)") }
            let results = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<40 {
                    group.addTask {
                        do {
                            try await database.transaction { sql in
                                if n % 4 == 0 { _ = try await sql.rows("SELECT 1"); throw Boom() }
                                if n % 4 == 1 { _ = try await sql.rows("SELECT 1"); return }
                                try await sql.run("INSERT INTO scratch (n) VALUES (?)", [.integer(n)])
                                if n % 4 == 3 { throw Boom() }
                            }
                            return n % 4 == 1 || n % 4 == 2
                        } catch {
                            return n % 4 == 0 || n % 4 == 3
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0 })
            let stored = try await database.transaction { sql in
                try await sql.rows("SELECT n FROM scratch ORDER BY n").compactMap { $0.column("n")?.integer }
            }
            #expect(stored == Array(stride(from: 2, to: 40, by: 4)))
        }
    }
}
