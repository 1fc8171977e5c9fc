import EmailKit
import Foundation
import Testing

@Suite struct AddressTests {
    @Test func normalisesToALowerCasedAddrSpec() {
        #expect(EmailAddress("  <Sam.Okafor@Example.COM> ")?.value == "sam.okafor@example.com")
        #expect(EmailAddress("a@b")?.value == "a@b")
        #expect(EmailAddress("José@exämple.com")?.value == "josé@exämple.com")
    }

    @Test(arguments: ["", "no-at-sign", "@example.com", "sam@", "sam okafor@example.com", "sam@exa mple.com", "sam@-bad.com",
                      "sam@bad..com", "a<b@example.com", "sam@exa\nmple.com", String(repeating: "a", count: 321) + "@x.com"])
    func refusesWhatIsNotOneAddress(_ text: String) {
        #expect(EmailAddress(text) == nil)
    }

    @Test func masksForLogs() {
        #expect(EmailAddress("sam.okafor@example.com")?.masked == "s***@example.com")
    }

    @Test func codesAsAPlainString() throws {
        let address = try #require(EmailAddress("Sam@Example.com"))
        let json = try JSONEncoder().encode([address])
        #expect(String(decoding: json, as: UTF8.self) == #"["sam@example.com"]"#)
        #expect(try JSONDecoder().decode([EmailAddress].self, from: json) == [address])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([EmailAddress].self, from: Data(#"["nope"]"#.utf8)) }
    }

    @Test func readsAddressListsWithDisplayNamesQuotesCommentsAndGroups() {
        let list = #""Okafor, Sam" <Sam@Example.com>, lettings@example.com (Lettings), Team: a@x.org, "b \"q\" c" <b@x.org>;, undisclosed-recipients:;"#
        #expect(AddressList.parse(list).map(\.value) == ["sam@example.com", "lettings@example.com", "a@x.org", "b@x.org"])
    }

    @Test func readsAddressesWrittenWithoutBracketsAndSkipsGarbage() {
        #expect(AddressList.parse("Sender Name example@example.com").map(\.value) == ["example@example.com"])
        #expect(AddressList.parse("garbage, <not an address>, , a@b.c, A@B.C").map(\.value) == ["a@b.c"])
        #expect(AddressList.parse("").isEmpty)
    }
}
