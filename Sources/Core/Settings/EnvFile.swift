import Foundation

/// A `.env` file, read the way python-dotenv 1.x reads one, so that the original Python samples' files load unchanged.
///
/// Accepted, exactly as dotenv's `parser.py` accepts it: `KEY=value`, `export KEY=value`, `'KEY'=value`, spaces
/// around `=`, full-line `#` comments and ` #` comments after unquoted values, blank lines, empty values, `=` inside
/// values, `KEY` alone (declared without a value), single quotes (only `\\` and `\'` are escapes) and double quotes
/// (`\\ \' \" \a \b \f \n \r \t \v`; any other backslash stays as written). Quoted values may span lines.
///
/// Where we differ from dotenv, on purpose:
/// - dotenv warns about a statement it cannot parse and skips it; here any such statement is an error naming the
///   file and line, and nothing of the file is used. A typo must not silently drop a setting.
/// - A UTF-8 byte order mark is skipped (dotenv would make it part of the first name), bytes that are not UTF-8 and
///   NUL are errors, and a file larger than `maximumSize` is refused before it is parsed.
/// - Lines may end in LF, CRLF or a lone CR; all three are read as LF, as Python's universal newlines do when dotenv
///   opens a file, so a value spanning lines holds LF only.
///
/// `${VAR}` expansion is not done here but in `values(environment:)`, after parsing, as dotenv does.
public struct EnvFile: Sendable, Equatable {
    /// One statement that bound a name. `value` is nil for a bare `KEY` line, which dotenv reports but never sets.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String?
        /// The 1-based line on which the statement's name stands.
        public var line: Int

        public init(key: String, value: String?, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    /// The path as the user gave it, for messages.
    public var path: String
    /// Every binding, in file order; a name may appear more than once (the last one wins).
    public var entries: [Entry]

    /// Env files hold a handful of settings; anything near this size is a mistake (or an attack on our memory).
    public static let maximumSize = 1 << 20

    /// Parses the bytes of a file named `path` (used in error messages only).
    public init(bytes: some Collection<UInt8>, path: String) throws(EnvFileError) {
        let input = Array(bytes)
        if input.count > Self.maximumSize {
            throw EnvFileError(path: path, line: nil, reason: .tooLarge(limit: Self.maximumSize))
        }
        var parser = Parser(path: path, scalars: try Self.decode(input, path: path))
        self.path = path
        self.entries = try parser.parseAll()
    }

    /// Parses text (already decoded) as if it were the contents of the file `path`.
    public init(text: String, path: String) throws(EnvFileError) {
        try self.init(bytes: Array(text.utf8), path: path)
    }

    /// Reads and parses the file at `path` (relative paths are resolved against the current directory).
    /// Reads at most `maximumSize` + 1 bytes, so a huge file or an endless pipe costs no more than that.
    public static func load(path: String) throws(EnvFileError) -> EnvFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EnvFileError(path: path, line: nil, reason: .notFound)
        }
        if isDirectory.boolValue { throw EnvFileError(path: path, line: nil, reason: .isADirectory) }
        var bytes = [UInt8]()
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            while bytes.count <= maximumSize,
                  let chunk = try handle.read(upToCount: maximumSize + 1 - bytes.count), !chunk.isEmpty {
                bytes += chunk
            }
        } catch {
            throw EnvFileError(path: path, line: nil, reason: .unreadable(Self.reason(error)))
        }
        return try EnvFile(bytes: bytes, path: path)
    }

    /// The last value bound to each name, without expansion (dotenv's `dotenv_values(interpolate=False)`).
    /// Names declared without a value are left out, as `load_dotenv` leaves them out of the environment.
    public var rawValues: [String: String] {
        var values = [String: String]()
        for entry in entries { values[entry.key] = entry.value }  // a later bare `KEY` unsets, as in dotenv
        return values
    }

    /// The line of the statement that gave `key` its final value.
    public func line(of key: String) -> Int? {
        entries.last { $0.key == key }?.line
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let message = strerror(Int32(underlying.code)) {
            return String(cString: message)
        }
        return nsError.localizedDescription
    }

    /// Strict UTF-8 to scalars: BOM skipped, NUL refused, CRLF and CR turned into LF.
    private static func decode(_ input: [UInt8], path: String) throws(EnvFileError) -> [Unicode.Scalar] {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var scalars = [Unicode.Scalar]()
        scalars.reserveCapacity(bytes.count)
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var line = 1
        var previousWasCR = false
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\0" { throw EnvFileError(path: path, line: line, reason: .nulCharacter) }
                if scalar == "\n" && previousWasCR {
                    previousWasCR = false
                    continue
                }
                previousWasCR = scalar == "\r"
                if scalar == "\r" || scalar == "\n" {
                    scalars.append("\n")
                    line += 1
                } else {
                    scalars.append(scalar)
                }
            case .emptyInput:
                break loop
            case .error:
                throw EnvFileError(path: path, line: line, reason: .invalidUTF8)
            }
        }
        return scalars
    }
}

extension EnvFile {
    /// A transcription of python-dotenv's `parser.py` (`parse_binding`) over Unicode scalars, which are what Python
    /// strings index. Each regular expression there is a small function here, named after it; where a regex
    /// backtracks, the comment says what it ends up matching.
    struct Parser {
        let path: String
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(path: String, scalars: [Unicode.Scalar]) {
            self.path = path
            self.scalars = scalars
        }

        mutating func parseAll() throws(EnvFileError) -> [Entry] {
            var entries = [Entry]()
            while index < scalars.count {
                if let entry = try parseBinding() { entries.append(entry) }
            }
            return entries
        }

        private func peek() -> Unicode.Scalar? {
            index < scalars.count ? scalars[index] : nil
        }

        private mutating func advance(to end: Int) {
            while index < end {
                if scalars[index] == "\n" { line += 1 }
                index += 1
            }
        }

        private func fail(_ reason: EnvFileError.Reason) -> EnvFileError {
            EnvFileError(path: path, line: line, reason: reason)
        }

        /// Python's `\s` (and `str.isspace`): the set `re` uses for Unicode patterns.
        static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                true
            default:
                false
            }
        }

        /// `[^\S\r\n]`: whitespace that does not end a line (after newline folding only LF ends one).
        static func isInlineWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            scalar != "\n" && isWhitespace(scalar)
        }

        private mutating func skip(while predicate: (Unicode.Scalar) -> Bool) {
            var end = index
            while end < scalars.count && predicate(scalars[end]) { end += 1 }
            advance(to: end)
        }

        private func lineEnd(from start: Int) -> Int {
            var end = start
            while end < scalars.count && scalars[end] != "\n" { end += 1 }
            return end
        }

        private mutating func parseBinding() throws(EnvFileError) -> Entry? {
            skip(while: Self.isWhitespace)  // _multiline_whitespace
            guard index < scalars.count else { return nil }
            parseExport()
            let keyLine = line
            let key = try parseKey()
            skip(while: Self.isInlineWhitespace)
            var value: String?
            if peek() == "=" {
                advance(to: index + 1)
                skip(while: Self.isInlineWhitespace)  // _equal_sign
                value = try parseValue(key: key)
            }
            parseComment()
            skip(while: Self.isInlineWhitespace)  // _end_of_line
            if let next = peek() {
                // A comment line never gets here: its comment runs to the end of the line.
                guard next == "\n" else {
                    throw fail(value == nil ? .missingEquals(key: key ?? "") : .unexpectedText(afterValueOf: key ?? ""))
                }
                advance(to: index + 1)
            }
            guard let key else { return nil }
            return Entry(key: key, value: value, line: keyLine)
        }

        /// `(?:export[^\S\r\n]+)?`
        private mutating func parseExport() {
            let word: [Unicode.Scalar] = ["e", "x", "p", "o", "r", "t"]
            guard scalars[index...].starts(with: word), index + word.count < scalars.count,
                  Self.isInlineWhitespace(scalars[index + word.count]) else { return }
            advance(to: index + word.count)
            skip(while: Self.isInlineWhitespace)
        }

        /// nil for a comment (`#` where a name would start); `'([^']+)'` or `([^=\#\s]+)` otherwise.
        private mutating func parseKey() throws(EnvFileError) -> String? {
            switch peek() {
            case "#":
                return nil
            case "'":
                var end = index + 1
                while end < scalars.count && scalars[end] != "'" { end += 1 }
                guard end < scalars.count, end > index + 1 else { throw fail(.unterminatedQuotedKey) }
                let key = Self.string(scalars[(index + 1)..<end])
                advance(to: end + 1)
                return key
            default:
                var end = index
                while end < scalars.count, scalars[end] != "=", scalars[end] != "#", !Self.isWhitespace(scalars[end]) {
                    end += 1
                }
                guard end > index else { throw fail(.expectedKey) }
                let key = Self.string(scalars[index..<end])
                advance(to: end)
                return key
            }
        }

        private mutating func parseValue(key: String?) throws(EnvFileError) -> String {
            switch peek() {
            case "'":
                return Self.decodeSingleQuoteEscapes(try parseQuoted("'", key: key))
            case "\"":
                return Self.decodeDoubleQuoteEscapes(try parseQuoted("\"", key: key))
            case nil, "\n":
                return ""
            default:
                return parseUnquotedValue()
            }
        }

        /// `'((?:\\'|[^'])*)'` (and the same with `"`). With Python's backtracking this ends at the first quote not
        /// directly after a backslash; when every later quote follows a backslash, at the last quote of the file.
        private mutating func parseQuoted(_ quote: Unicode.Scalar, key: String?) throws(EnvFileError) -> [Unicode.Scalar] {
            let bodyStart = index + 1
            var lastQuote: Int?
            var close: Int?
            var position = bodyStart
            while position < scalars.count {
                if scalars[position] == quote {
                    if position == bodyStart || scalars[position - 1] != "\\" {
                        close = position
                        break
                    }
                    lastQuote = position
                }
                position += 1
            }
            guard let end = close ?? lastQuote else { throw fail(.unterminatedQuote(key: key ?? "")) }
            let body = Array(scalars[bodyStart..<end])
            advance(to: end + 1)
            return body
        }

        /// `([^\r\n]*)`, then `re.sub(r"\s+#.*", "", part).rstrip()`: a `#` after whitespace starts a comment.
        private mutating func parseUnquotedValue() -> String {
            let end = lineEnd(from: index)
            var part = Array(scalars[index..<end])
            advance(to: end)
            var position = 0
            while position < part.count {
                if Self.isWhitespace(part[position]) {
                    var runEnd = position
                    while runEnd < part.count && Self.isWhitespace(part[runEnd]) { runEnd += 1 }
                    if runEnd < part.count && part[runEnd] == "#" {
                        part.removeSubrange(position...)
                        break
                    }
                    position = runEnd
                } else {
                    position += 1
                }
            }
            while let last = part.last, Self.isWhitespace(last) { part.removeLast() }
            return Self.string(part[...])
        }

        /// `(?:[^\S\r\n]*#[^\r\n]*)?`
        private mutating func parseComment() {
            var position = index
            while position < scalars.count && Self.isInlineWhitespace(scalars[position]) { position += 1 }
            guard position < scalars.count, scalars[position] == "#" else { return }
            advance(to: lineEnd(from: position))
        }

        /// `\\[\\']` replaced by the escaped character, left to right.
        static func decodeSingleQuoteEscapes(_ body: [Unicode.Scalar]) -> String {
            decodeEscapes(body) { next in next == "\\" || next == "'" ? next : nil }
        }

        /// `\\[\\'"abfnrtv]` replaced as Python's `unicode-escape` codec does; other backslashes stay.
        static func decodeDoubleQuoteEscapes(_ body: [Unicode.Scalar]) -> String {
            decodeEscapes(body) { next in
                switch next {
                case "\\", "'", "\"": next
                case "a": "\u{07}"
                case "b": "\u{08}"
                case "f": "\u{0C}"
                case "n": "\n"
                case "r": "\r"
                case "t": "\t"
                case "v": "\u{0B}"
                default: nil
                }
            }
        }

        private static func decodeEscapes(
            _ body: [Unicode.Scalar], _ meaning: (Unicode.Scalar) -> Unicode.Scalar?
        ) -> String {
            var output = String.UnicodeScalarView()
            var position = 0
            while position < body.count {
                if body[position] == "\\", position + 1 < body.count, let decoded = meaning(body[position + 1]) {
                    output.append(decoded)
                    position += 2
                } else {
                    output.append(body[position])
                    position += 1
                }
            }
            return String(output)
        }

        static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
    }
}
