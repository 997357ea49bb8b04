import Foundation

/// The stand-in's notion of "now": the system clock shifted by `--clock-offset`, so a test can make a client's
/// assertion look issued in the future or long expired without waiting or touching the system clock. Tests inject a
/// fixed time instead.
public struct InstanceClock: Sendable {
    private let read: @Sendable () -> Date

    /// The system clock shifted by `offsetSeconds` (positive: the stand-in lives in the future).
    public init(offsetSeconds: Int = 0) {
        let offset = TimeInterval(offsetSeconds)
        read = { Date().addingTimeInterval(offset) }
    }

    /// A clock that reads `read()`; tests use a fixed or stepping time.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    public func now() -> Date { read() }

    /// Whole seconds since 1970, the unit of every JWT and introspection time claim (RFC 7519 §2 "NumericDate").
    public func nowSeconds() -> Int { Int(read().timeIntervalSince1970.rounded(.down)) }
}
