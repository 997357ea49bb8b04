/// Why a request's bytes are not an acceptable HTTP/1.1 message. Each case maps to one status; after any of them
/// the server answers with the contract's JSON error body and closes the connection (the framing of whatever
/// follows can no longer be trusted, RFC 9112 §2.2 and §6.3).
///
/// Descriptions never echo request bytes: a rejected header may hold a credential.
enum HTTPFramingError: Error, Equatable, CustomStringConvertible {
    case requestLineTooLong(limit: Int)
    case headerLineTooLong(limit: Int)
    case headerSectionTooLarge(limit: Int)
    case tooManyHeaderFields(limit: Int)
    case contentTooLarge(limit: Int)
    case malformedRequestLine
    case invalidMethod
    case invalidTarget
    case malformedVersion
    case unsupportedVersion
    case methodNotImplemented
    case bareLineFeed
    case obsoleteLineFolding
    case invalidFieldName
    case invalidFieldValue
    case invalidContentLength
    case conflictingContentLength
    case transferEncodingWithContentLength
    case unsupportedTransferEncoding
    case missingHost
    case multipleHosts
    case invalidHost

    var status: Int {
        switch self {
        case .requestLineTooLong: 414
        case .headerLineTooLong, .headerSectionTooLarge, .tooManyHeaderFields: 431
        case .contentTooLarge: 413
        case .unsupportedVersion: 505
        case .methodNotImplemented, .unsupportedTransferEncoding: 501
        default: 400
        }
    }

    /// The `error` member of the JSON body.
    var code: String {
        switch status {
        case 413: "content_too_large"
        case 414: "uri_too_long"
        case 431: "request_header_fields_too_large"
        case 501: "not_implemented"
        case 505: "http_version_not_supported"
        default: "bad_request"
        }
    }

    var description: String {
        switch self {
        case .requestLineTooLong(let limit): "the request line is longer than \(limit) bytes"
        case .headerLineTooLong(let limit): "a header field line is longer than \(limit) bytes"
        case .headerSectionTooLarge(let limit): "the header fields together are larger than \(limit) bytes"
        case .tooManyHeaderFields(let limit): "the request has more than \(limit) header fields"
        case .contentTooLarge(let limit): "the request body is larger than \(limit) bytes"
        case .malformedRequestLine: "the request line is not 'METHOD SP request-target SP HTTP-version CRLF'"
        case .invalidMethod: "the method is not a token"
        case .invalidTarget: "the request-target is not a valid origin-form, absolute-form or '*'"
        case .malformedVersion: "the HTTP version is not 'HTTP/DIGIT.DIGIT'"
        case .unsupportedVersion: "only HTTP/1.0 and HTTP/1.1 are supported"
        case .methodNotImplemented: "the method is not implemented by this server"
        case .bareLineFeed: "lines must end with CR LF, not a bare LF or CR"
        case .obsoleteLineFolding: "obsolete line folding is not accepted"
        case .invalidFieldName: "a header field name is empty, not a token, or followed by whitespace"
        case .invalidFieldValue: "a header field value holds a control character"
        case .invalidContentLength: "Content-Length is not a decimal number"
        case .conflictingContentLength: "the request has conflicting Content-Length values"
        case .transferEncodingWithContentLength: "the request has both Transfer-Encoding and Content-Length"
        case .unsupportedTransferEncoding:
            "this server accepts no transfer coding (not even chunked); send the body with Content-Length"
        case .missingHost: "an HTTP/1.1 request needs a Host header field"
        case .multipleHosts: "the request has more than one Host header field"
        case .invalidHost: "the Host header field is not a valid host[:port]"
        }
    }
}
