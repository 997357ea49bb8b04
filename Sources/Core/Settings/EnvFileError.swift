/// Why an env file could not be used. The description starts with `path:line:` like a compiler's, so editors and
/// people find the spot; it names keys but never quotes a value, which may be a secret.
public struct EnvFileError: Error, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case notFound
        case isADirectory
        case unreadable(String)
        case tooLarge(limit: Int)
        case invalidUTF8
        case nulCharacter
        /// A statement starts with something that cannot begin a name, such as `=` or a quote that is not `'`.
        case expectedKey
        case unterminatedQuotedKey
        /// The opening quote of `key`'s value is never closed.
        case unterminatedQuote(key: String)
        /// Something other than a `#` comment follows the closing quote of `key`'s value.
        case unexpectedText(afterValueOf: String)
        /// A name followed by more text on its line but no `=`, e.g. `API_CLIENT_ID: abc` or `hello world`.
        case missingEquals(key: String)
    }

    public var path: String
    /// 1-based; nil when the problem is the file as a whole.
    public var line: Int?
    public var reason: Reason

    public init(path: String, line: Int?, reason: Reason) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return "\(place): \(explanation)"
    }

    private var explanation: String {
        switch reason {
        case .notFound:
            "no such file"
        case .isADirectory:
            "is a folder, not an env file"
        case .unreadable(let why):
            "cannot be read: \(why)"
        case .tooLarge(let limit):
            "is larger than \(limit) bytes; an env file holds a few settings"
        case .invalidUTF8:
            "is not UTF-8 text"
        case .nulCharacter:
            "contains a NUL byte; an env file is text"
        case .expectedKey:
            "expected a setting's name (KEY=value, export KEY=value or a # comment)"
        case .unterminatedQuotedKey:
            "a name opened with ' is not closed"
        case .unterminatedQuote(let key):
            "the quote that opens \(key)'s value is never closed"
        case .unexpectedText(let key):
            "unexpected text after the closing quote of \(key)'s value (only a # comment may follow it)"
        case .missingEquals(let key):
            "\(key) is followed by more text but no '=' (write \(key)=value)"
        }
    }
}
