import Foundation
import Synchronization

/// The moment until which ZITADEL asked for no more introspections: after a 429 or 503, the end of the wait its
/// `Retry-After` named, or a second or two with jitter when it named none (so that many API processes paused together
/// do not all come back at the same instant). Until then a token that must be introspected is refused with 503 and
/// `Retry-After`, while remembered tokens keep working (docs/zitadel.md, "Rate limits").
final class IntrospectionPause: Sendable {
    private let until = Mutex<Date?>(nil)

    /// How long the pause still lasts at `now`; nil when there is none.
    func remaining(at now: Date) -> Duration? {
        guard let end = until.withLock({ $0 }), now < end else { return nil }
        return .milliseconds(Int64((end.timeIntervalSince(now) * 1000).rounded(.up)))
    }

    /// Pauses for `wait` from `now`, or, when no wait was named, for 1–2 s. A later end wins over an earlier one.
    func pause(for wait: Duration?, from now: Date) {
        let seconds = wait.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
            ?? Double.random(in: 1...2)
        let end = now.addingTimeInterval(seconds)
        until.withLock { until in
            if until.map({ $0 < end }) ?? true { until = end }
        }
    }
}
