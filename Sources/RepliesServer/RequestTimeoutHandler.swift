import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request has not fully arrived (head and body) within `timeout` of
/// the connection opening or of the previous answer. A client trickling its headers or body
/// (slowloris, slow POST) so holds a connection for `timeout` at most, and a kept-alive
/// connection with no next request is closed after the same time.
///
/// Sits after Hummingbird's HTTP/1 decoder (`HTTP1Channel.Configuration.additionalChannelHandlers`),
/// so it sees whole request parts: the clock stops at the request's `.end`, not at its first byte.
///
/// A request moves a deadline; it schedules nothing. One check per connection is pending at a
/// time and, when it fires early, waits again until the deadline it finds: scheduling and
/// cancelling a timer for every request showed in the webhook's profile (each is an allocation
/// and two updates of the event loop's timer heap).
final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    /// When the connection closes unless a whole request has arrived; nil while one is answered.
    private var deadline: NIODeadline?
    private var check: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { deadline = nil }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // The answer is out: the next request's clock starts.
        if case .end = unwrapOutboundIn(data) { arm(context) }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    private func arm(_ context: ChannelHandlerContext) {
        let deadline = context.eventLoop.now + timeout
        self.deadline = deadline
        if check == nil { schedule(context, at: deadline) }
    }

    private func schedule(_ context: ChannelHandlerContext, at when: NIODeadline) {
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleTask(deadline: when) {
            bound.value.handler.fire(bound.value.context)
        }
    }

    private func fire(_ context: ChannelHandlerContext) {
        check = nil
        // No deadline: a request is being answered, and its answer arms the next.
        guard let deadline else { return }
        if deadline <= context.eventLoop.now {
            context.close(promise: nil)
        } else {
            schedule(context, at: deadline)
        }
    }

    private func stop() {
        check?.cancel()
        check = nil
        deadline = nil
    }
}
