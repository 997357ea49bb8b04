import Core

/// Fresh identifiers, secrets and opaque tokens, from the system's cryptographic generator
/// (`SystemRandomNumberGenerator`: getrandom(2) on Linux, arc4random on Darwin).
enum RandomText {
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// A client secret shaped like ZITADEL's: 64 characters from A–Z a–z 0–9 (≈ 381 bits).
    static func secret(length: Int = 64) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphanumerics.randomElement(using: &generator) ?? "A" })
    }

    /// An 18-digit decimal id, the shape of ZITADEL's ids (user, key, app, token).
    static func numericID() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(UInt64.random(in: 100_000_000_000_000_000...999_999_999_999_999_999, using: &generator))
    }

    /// An opaque token: 48 random bytes, base64url (64 characters, safe in a header and a form).
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<48).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// A token id in ZITADEL's form, `V2_{tokenId}-at_{tokenId}`.
    static func tokenID() -> String {
        "V2_\(numericID())-at_\(numericID())"
    }
}
