import Foundation
import Testing

@testable import AWSCore

@Suite("DynamoDB client on moto")
struct DynamoDBMotoTests {
    let dynamo: DynamoDBClient
    let table: String

    init() throws {
        dynamo = DynamoDBClient(configuration: try Moto.configuration())
        table = Moto.unique("items")
    }

    func withTable(_ body: () async throws -> Void) async throws {
        try await dynamo.createTable(TableDefinition(
            name: table,
            attributes: [.init("pk", .s), .init("sk", .n), .init("group", .s)],
            keySchema: [.hash("pk"), .range("sk")],
            globalSecondaryIndexes: [SecondaryIndex(name: "group-index", keySchema: [.hash("group"), .range("sk")])]))
        do {
            try await body()
        } catch {
            try? await dynamo.deleteTable(table)
            throw error
        }
        try await dynamo.deleteTable(table)
    }

    func key(_ pk: String, _ sk: Int) -> DynamoDBItem { ["pk": .s(pk), "sk": .n(String(sk))] }

    @Test("every attribute type round-trips exactly")
    func roundTrip() async throws {
        try await withTable {
            var item = key("a", 1)
            item["big"] = .n("3.14159265358979323846264338327950288")
            item["int"] = .n("12345678901234567890")
            item["negative"] = .n("-0.5")
            item["nothing"] = .null
            item["flag"] = .bool(false)
            item["text"] = .s("héllo ✓ \"quotes\" / slashes")
            item["nested"] = .m(["a": .m(["b": .l([.s("x"), .n("2"), .null, .m([:])])]), "empty": .l([])])
            item["strings"] = .ss(["one", "two"])
            item["numbers"] = .ns(["1", "2.5"])
            item["blob"] = .b(Data([0, 1, 2, 254]))
            try await dynamo.putItem(table: table, item: item)
            let read = try #require(try await dynamo.getItem(table: table, key: key("a", 1)))
            for name in ["big", "int", "negative", "nothing", "flag", "text", "nested", "blob"] {
                #expect(read[name] == item[name], "\(name)")
            }
            // Sets are unordered.
            if case .ss(let strings)? = read["strings"] { #expect(Set(strings) == ["one", "two"]) } else { Issue.record("strings") }
            if case .ns(let numbers)? = read["numbers"] { #expect(Set(numbers) == ["1", "2.5"]) } else { Issue.record("numbers") }
            #expect(try await dynamo.getItem(table: table, key: key("a", 2)) == nil)
        }
    }

    @Test("a failed condition carries the old item when asked for it")
    func conditionalFailures() async throws {
        try await withTable {
            let first = key("c", 1).merging(["v": .s("first")]) { $1 }
            let condition = DynamoDBExpression("attribute_not_exists(#pk)", names: ["#pk": "pk"])
            try await dynamo.putItem(table: table, item: first, condition: condition)
            do {
                try await dynamo.putItem(table: table, item: key("c", 1), condition: condition, returnOldItemOnConditionFailure: true)
                Issue.record("the second put must fail")
            } catch DynamoDBError.conditionalCheckFailed(let old) {
                #expect(old == first)
            }
            do {
                try await dynamo.putItem(table: table, item: key("c", 1), condition: condition)
                Issue.record("the third put must fail")
            } catch DynamoDBError.conditionalCheckFailed(let old) {
                #expect(old == nil)
            }
            // Update: list_append, REMOVE, ALL_OLD.
            let previous = try await dynamo.updateItem(
                table: table, key: key("c", 1),
                update: DynamoDBExpression(
                    "SET #l = list_append(if_not_exists(#l, :empty), :new), #n = :n REMOVE #v",
                    names: ["#l": "list", "#n": "num", "#v": "v"], values: [":empty": .l([]), ":new": .l([.s("x")]), ":n": .n("7")]),
                condition: DynamoDBExpression("#v = :first", names: ["#v": "v"], values: [":first": .s("first")]),
                returnValues: .allOld)
            #expect(previous == first)
            let updated = try #require(try await dynamo.getItem(table: table, key: key("c", 1)))
            #expect(updated["list"] == .l([.s("x")]) && updated["num"] == .n("7") && updated["v"] == nil)
            // Delete under a condition that fails, then one that holds.
            await #expect(throws: DynamoDBError.self) {
                try await dynamo.deleteItem(table: table, key: key("c", 1), condition: DynamoDBExpression("attribute_exists(#v)", names: ["#v": "v"]))
            }
            try await dynamo.deleteItem(table: table, key: key("c", 1), condition: DynamoDBExpression("attribute_exists(#l)", names: ["#l": "list"]))
            #expect(try await dynamo.getItem(table: table, key: key("c", 1)) == nil)
        }
    }

    @Test("queries page through LastEvaluatedKey; batch writes span several batches")
    func queryPagination() async throws {
        try await withTable {
            let requests = (0..<60).map { DynamoDBWriteRequest.put(item: key("p", $0).merging(["group": .s($0 % 2 == 0 ? "even" : "odd")]) { $1 }) }
            try await dynamo.batchWrite(table: table, requests: requests)
            let input = QueryInput(
                tableName: table, keyCondition: DynamoDBExpression("#pk = :p", names: ["#pk": "pk"], values: [":p": .s("p")]),
                consistentRead: true, limit: 7)
            let first = try await dynamo.query(input)
            #expect(first.items.count == 7)
            #expect(first.lastEvaluatedKey != nil)
            let all = try await dynamo.queryAll(input)
            #expect(all.map { $0["sk"]?.numberText } == (0..<60).map { String($0) })
            #expect(try await dynamo.queryAll(input, maxItems: 10).count == 10)
            let odd = try await dynamo.queryAll(QueryInput(
                tableName: table, indexName: "group-index",
                keyCondition: DynamoDBExpression("#g = :g", names: ["#g": "group"], values: [":g": .s("odd")]),
                filter: DynamoDBExpression("#sk > :min", names: ["#sk": "sk"], values: [":min": .n("40")]), limit: 3))
            #expect(odd.compactMap { $0["sk"]?.int64Value }.sorted() == [41, 43, 45, 47, 49, 51, 53, 55, 57, 59])
            try await dynamo.batchWrite(table: table, requests: (0..<60).map { .delete(key: key("p", $0)) })
            #expect(try await dynamo.queryAll(input).isEmpty)
        }
    }

    @Test("describe, TTL and delete")
    func tables() async throws {
        try await withTable {
            let description = try #require(try await dynamo.describeTable(table))
            #expect(description.status == "ACTIVE")
            #expect(description.keySchema == [.hash("pk"), .range("sk")])
            #expect(description.globalSecondaryIndexes.map(\.name) == ["group-index"])
            try await dynamo.updateTimeToLive(table: table, attribute: "expires_at")
            let ttl = try await dynamo.describeTimeToLive(table: table)
            #expect(ttl?.status == "ENABLED" && ttl?.attributeName == "expires_at")
        }
        #expect(try await dynamo.describeTable(table) == nil)
        let missing = try await #require(throws: AWSError.self) {
            try await dynamo.getItem(table: table, key: key("x", 1))
        }
        #expect(missing.code == "ResourceNotFoundException")
        #expect(missing.category == .client)
    }
}
