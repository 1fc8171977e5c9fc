extension ConversationAttribute {
    /// What Twilio reported about the engine's own recent messages (``DeliveryLog``, docs/DATA.md).
    package static let deliveryStatus = "delivery_status"
}
