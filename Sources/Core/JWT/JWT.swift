/// JSON Web Tokens in the JWS compact serialisation (RFC 7515 §7.1, RFC 7519 §7), signed with RS256 only.
///
/// `BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)`: exactly three parts, unpadded base64url
/// with nothing outside its alphabet (`Base64URL.decode`), a header that is a JSON object. Verification lives in
/// `JWT+RS256.swift`; `decodeUnverified` here only takes a token apart.
public enum JWT {
    /// Tokens longer than this are refused before decoding, to bound the work an attacker can cause.
    /// ZITADEL's access tokens and our assertions are around 1 KiB.
    public static let maxCompactByteCount = 64 * 1024

    /// Takes a compact JWT apart **without checking its signature**. For tests and tools that show a token;
    /// never base a decision on what it returns — use `verifyRS256`.
    public static func decodeUnverified(_ compact: String) throws(JWTError) -> UnverifiedJWT {
        let parts = try split(compact)
        let header = try JWTHeader(json: parseJSON(parts.header, part: .header))
        let claims = try JWTClaims(json: parseJSON(parts.payload, part: .payload))
        return UnverifiedJWT(header: header, claims: claims, signingInput: parts.signingInput, signature: parts.signature)
    }

    /// The three decoded parts and the ASCII signing input `header '.' payload` (RFC 7515 §5.2 step 8).
    struct CompactParts {
        var header: [UInt8]
        var payload: [UInt8]
        var signature: [UInt8]
        var signingInput: [UInt8]
    }

    static func split(_ compact: String) throws(JWTError) -> CompactParts {
        let bytes = Array(compact.utf8)
        guard bytes.count <= maxCompactByteCount else {
            throw .tooLarge(byteCount: bytes.count, limit: maxCompactByteCount)
        }
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw .wrongSegmentCount(segments.count) }
        func decode(_ segment: ArraySlice<UInt8>, _ part: JWTError.Part) throws(JWTError) -> [UInt8] {
            do {
                return try Base64URL.decode(bytes: segment)
            } catch {
                throw .invalidBase64URL(part, error)
            }
        }
        return CompactParts(
            header: try decode(segments[0], .header), payload: try decode(segments[1], .payload),
            signature: try decode(segments[2], .signature),
            signingInput: Array(bytes[..<segments[1].endIndex]))
    }

    static func parseJSON(_ bytes: [UInt8], part: JWTError.Part) throws(JWTError) -> JSONValue {
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw .invalidJSON(part, error)
        }
    }
}
