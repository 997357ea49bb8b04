/// Why a ZITADEL key file could not be used. Each description names the file and the field at fault and never
/// quotes the private key.
public enum ZitadelKeyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case tooLarge(file: String, byteCount: Int)
    case notJSON(file: String, JSONParseError)
    case notAnObject(file: String)
    case missingField(String, file: String)
    case invalidField(String, expected: String, file: String)
    /// `type` is neither "serviceaccount" nor "application".
    case unknownType(String, file: String)
    /// The file still holds the placeholders of the samples' template (`<YOUR_KEY>`, `<YOUR_KEY_ID>`...).
    case template(file: String)
    /// The `key` member is not a usable RSA private key.
    case invalidKey(KeyFormatError, file: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "cannot read the ZITADEL key file \(file): \(reason)"
        case .tooLarge(let file, let byteCount):
            "the ZITADEL key file \(file) has \(byteCount) bytes, far more than a key file; is it the right file?"
        case .notJSON(let file, let error):
            "the ZITADEL key file \(file) is not JSON (\(error)); download the key file again from the console"
        case .notAnObject(let file):
            "the ZITADEL key file \(file) is JSON but not an object; download the key file again from the console"
        case .missingField(let name, let file):
            "the ZITADEL key file \(file) has no \"\(name)\" field; download the key file again from the console"
        case .invalidField(let name, let expected, let file):
            "the field \"\(name)\" of the ZITADEL key file \(file) must be \(expected)"
        case .unknownType(let type, let file):
            "the ZITADEL key file \(file) has type \"\(type.prefix(40))\"; expected \"serviceaccount\" (a service "
                + "user key) or \"application\" (an API application key)"
        case .template(let file):
            "the ZITADEL key file \(file) is still the template with placeholders such as <YOUR_KEY>; download your "
                + "key file from the ZITADEL console (service user or API application → Keys → New) and point the "
                + "setting at it"
        case .invalidKey(let error, let file):
            "the \"key\" field of the ZITADEL key file \(file) is not a usable RSA private key: \(error)"
        }
    }
}
