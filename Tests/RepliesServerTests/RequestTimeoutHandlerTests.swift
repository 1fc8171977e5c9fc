import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import RepliesServer

/// The request deadline on an embedded channel, its clock moved by hand (no real waiting):
/// closed when a whole request has not arrived in time, never while one is being answered, and
/// restarted by every answer on a kept-alive connection.
@Suite struct RequestTimeoutHandlerTests {
    private let timeout = TimeAmount.seconds(10)

    private func connected() throws -> (EmbeddedChannel, EmbeddedEventLoop) {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: RequestTimeoutHandler(timeout: timeout), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return (channel, loop)
    }

    private func receiveRequest(_ channel: EmbeddedChannel, whole: Bool = true) throws {
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/whatsapp")))
        if whole { try channel.writeInbound(HTTPRequestPart.end(nil)) }
    }

    private func answer(_ channel: EmbeddedChannel) throws {
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    @Test func aConnectionWithoutARequestClosesAtTheTimeoutAndNotBefore() throws {
        let (channel, loop) = try connected()
        loop.advanceTime(by: timeout - .milliseconds(1))
        #expect(channel.isActive)
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aHeadWithoutItsEndDoesNotStopTheClock() throws {
        let (channel, loop) = try connected()
        loop.advanceTime(by: .seconds(5))
        try receiveRequest(channel, whole: false)
        loop.advanceTime(by: .seconds(5))
        #expect(!channel.isActive)
    }

    @Test func aRequestBeingAnsweredKeepsTheConnectionAndItsAnswerRestartsTheClock() throws {
        let (channel, loop) = try connected()
        loop.advanceTime(by: .seconds(5))
        try receiveRequest(channel)
        loop.advanceTime(by: .seconds(60))
        #expect(channel.isActive, "closed while its request was being answered")
        try answer(channel)
        loop.advanceTime(by: timeout - .milliseconds(1))
        #expect(channel.isActive, "the answer did not restart the clock")
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aKeptAliveConnectionStaysOpenWhileRequestsKeepComing() throws {
        let (channel, loop) = try connected()
        for _ in 0..<20 {
            loop.advanceTime(by: .seconds(6))
            try receiveRequest(channel)
            try answer(channel)
        }
        #expect(channel.isActive, "closed although every request came within the timeout of the previous answer")
        loop.advanceTime(by: timeout)
        #expect(!channel.isActive)
    }
}
