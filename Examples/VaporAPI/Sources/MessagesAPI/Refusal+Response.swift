import Core
import Vapor

extension Response {
    /// The guard's refusal exactly as `Refusal` spells it: its status, every header field it names (`Content-Type`,
    /// `Cache-Control: no-store`, `WWW-Authenticate`, `Retry-After`) and its JSON body
    /// `{"error":"…","error_description":"…"}`.
    convenience init(_ refusal: Refusal) {
        self.init(status: HTTPResponseStatus(statusCode: refusal.status), body: .init(string: refusal.body))
        for field in refusal.headers {
            headers.replaceOrAdd(name: field.name, value: field.value)
        }
    }
}
