import Foundation
import Testing
import TestSupport
@testable import Core

/// Expected bindings were computed with python-dotenv 1.2.2 (`dotenv.parser.parse_stream`) on the same text.
@Suite struct EnvFileTests {
    struct Pair: Equatable, CustomStringConvertible {
        var key: String
        var value: String?
        init(_ key: String, _ value: String?) {
            self.key = key
            self.value = value
        }
        var description: String { "\(key)=\(value.map { "\"\($0)\"" } ?? "nil")" }
    }

    static func pairs(_ file: EnvFile) -> [Pair] {
        file.entries.map { Pair($0.key, $0.value) }
    }

    static let forms: [(name: String, text: String, entries: [Pair])] = [
        // dotenv reads a double-quoted name as a plain name, quotes included.
        ("doubleQuotedNameKeepsQuotes", "\"KEY\"=value\n", [Pair("\"KEY\"", "value")]),
        ("plain", "KEY=value\n", [Pair("KEY", "value")]),
        ("export", "export KEY=value\n", [Pair("KEY", "value")]),
        ("exportWithTabs", "export\t\tKEY=value\n", [Pair("KEY", "value")]),
        ("exportAloneIsAName", "export\n", [Pair("export", nil)]),
        ("exportAsName", "export=1\n", [Pair("export", "1")]),
        ("fullLineComment", "# a comment\nKEY=value\n", [Pair("KEY", "value")]),
        ("indentedComment", "   # indented\nKEY=value\n", [Pair("KEY", "value")]),
        ("commentAfterUnquoted", "KEY=value # comment\n", [Pair("KEY", "value")]),
        ("hashWithoutSpaceIsValue", "KEY=value#not-a-comment\n", [Pair("KEY", "value#not-a-comment")]),
        ("hashRightAfterEqualsIsValue", "KEY=#value\n", [Pair("KEY", "#value")]),
        ("hashAfterSpaceAfterEqualsIsValue", "KEY= #value\n", [Pair("KEY", "#value")]),
        ("commentAfterDoubleQuoted", "KEY=\"value\" # comment\n", [Pair("KEY", "value")]),
        ("commentRightAfterQuote", "KEY=\"value\"# comment\n", [Pair("KEY", "value")]),
        ("hashInsideQuotes", "KEY=\"a # b\"\n", [Pair("KEY", "a # b")]),
        ("blankLines", "\n\nA=1\n\n\nB=2\n\n", [Pair("A", "1"), Pair("B", "2")]),
        ("singleQuotesAreLiteral", "KEY='a\\nb $x \\\\ \\' \"'\n", [Pair("KEY", "a\\nb $x \\ ' \"")]),
        ("doubleQuoteEscapes", "KEY=\"a\\nb\\tc\\\"d\\\\e\\'f\"\n", [Pair("KEY", "a\nb\tc\"d\\e'f")]),
        ("doubleQuoteControlEscapes", "KEY=\"\\a\\b\\f\\r\\v\"\n", [Pair("KEY", "\u{7}\u{8}\u{C}\r\u{B}")]),
        ("unknownEscapesStay", "KEY=\"\\x41\\u0041\\$\\q\"\n", [Pair("KEY", "\\x41\\u0041\\$\\q")]),
        ("backslashesInUnquotedStay", "KEY=C:\\path\\n\n", [Pair("KEY", "C:\\path\\n")]),
        ("multiLineDoubleQuoted", "KEY=\"line 1\nline 2\"\nNEXT=x\n", [Pair("KEY", "line 1\nline 2"), Pair("NEXT", "x")]),
        ("multiLineSingleQuoted", "KEY='line 1\nline 2'\n", [Pair("KEY", "line 1\nline 2")]),
        ("equalsInsideValue", "KEY=a=b==c\n", [Pair("KEY", "a=b==c")]),
        ("equalsInsideQuotedValue", "URL=\"https://x/?a=1&b=2\"\n", [Pair("URL", "https://x/?a=1&b=2")]),
        ("emptyValue", "KEY=\n", [Pair("KEY", "")]),
        ("emptyValueAtEndOfFile", "KEY=", [Pair("KEY", "")]),
        ("emptyQuoted", "A=\"\"\nB=''\n", [Pair("A", ""), Pair("B", "")]),
        ("spacesAroundEquals", "KEY = value\n", [Pair("KEY", "value")]),
        ("spacesAroundEqualsQuoted", "KEY = \"value\"  \n", [Pair("KEY", "value")]),
        ("trailingWhitespaceTrimmed", "KEY=value   \t\n", [Pair("KEY", "value")]),
        ("innerSpacesKept", "KEY=a b  c\n", [Pair("KEY", "a b  c")]),
        ("leadingWhitespaceOnLine", "   KEY=value\n", [Pair("KEY", "value")]),
        ("noFinalNewline", "KEY=value", [Pair("KEY", "value")]),
        ("bareNameHasNoValue", "KEY\nOTHER=1\n", [Pair("KEY", nil), Pair("OTHER", "1")]),
        ("bareNameWithComment", "KEY # why\n", [Pair("KEY", nil)]),
        ("quotedName", "'my key'=v\n", [Pair("my key", "v")]),
        ("nameWithDotsAndDashes", "a.b-c/d=1\n", [Pair("a.b-c/d", "1")]),
        ("nameWithQuoteInside", "it's=1\n", [Pair("it's", "1")]),
        ("unicodeValue", "GREETING=grüße 💥\n", [Pair("GREETING", "grüße 💥")]),
        ("lastBindingWins", "A=1\nA=2\n", [Pair("A", "1"), Pair("A", "2")]),
        ("escapedQuoteBeforeClosing", "KEY=\"a\\\"\" # c\n", [Pair("KEY", "a\"")]),
        ("valueEndingInEscapedBackslashRunsToLastQuote", "KEY=\"C:\\\\\"\n", [Pair("KEY", "C:\\")]),
        ("nonBreakingSpaceIsWhitespace", "KEY=value\u{A0}#c\n", [Pair("KEY", "value")]),
        ("verticalTabBeforeEquals", "KEY\u{B}=v\n", [Pair("KEY", "v")]),
    ]
    static let malformed: [(name: String, text: String, line: Int)] = [
        ("equalsFirst", "=value\n", 1),
        ("unterminatedDouble", "A=1\nKEY=\"value\n", 2),
        ("unterminatedSingle", "KEY='value\n", 1),
        ("textAfterClosingQuote", "KEY=\"value\"junk\n", 1),
        ("textAfterClosingSingleQuote", "\n\nKEY='v' x\n", 3),
        ("spaceInName", "MY KEY=value\n", 1),
        ("colonInsteadOfEquals", "API_CLIENT_ID: abc\n", 1),
        ("exportWithoutName", "export   \n", 1),
        ("unterminatedQuotedName", "'KEY=value\n", 1),
        ("emptyQuotedName", "''=value\n", 1),
        ("laterLineMalformed", "A=1\nB=2\nC D\n", 3),
        ("backslashBeforeQuoteSwallowsLine", "A=\"C:\\\\\"\nB=\"x\"\n", 2),
    ]

    @Test(arguments: forms)
    func readsEveryFormAsDotenvDoes(name: String, text: String, entries: [Pair]) throws {
        let file = try EnvFile(text: text, path: "forms.env")
        #expect(Self.pairs(file) == entries, "\(name)")
    }

    @Test(arguments: malformed)
    func rejectsMalformedStatementWithFileAndLine(name: String, text: String, line: Int) {
        let error = #expect(throws: EnvFileError.self, "\(name)") {
            try EnvFile(text: text, path: "env/api-basic.env")
        }
        #expect(error?.line == line, "\(name)")
        #expect(error?.description.hasPrefix("env/api-basic.env:\(line): ") == true, "\(name)")
    }

    @Test func malformedLaterLineLoadsNothing() {
        #expect(throws: EnvFileError(path: "x.env", line: 3, reason: .missingEquals(key: "C"))) {
            try EnvFile(text: "A=1\nB=2\nC D\n", path: "x.env")
        }
    }

    @Test func errorsNameTheKeyButNeverQuoteTheValue() throws {
        let cases = ["API_CLIENT_SECRET=\"s3cr3t-value\n", "API_CLIENT_SECRET=\"s3cr3t-value\"more\n",
                     "API_CLIENT_SECRET='s3cr3t-value\n"]
        for text in cases {
            do {
                _ = try EnvFile(text: text, path: "env/api-basic.env")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.description.contains("API_CLIENT_SECRET"))
                #expect(!error.description.contains("s3cr3t"))
            }
        }
    }

    @Test func recordsTheLineOfEachName() throws {
        let file = try EnvFile(text: "# c\n\nA=1\nB=\"two\nlines\"\n  export C=3\n", path: "x.env")
        #expect(file.entries.map(\.line) == [3, 4, 6])
        #expect(file.line(of: "C") == 6)
        #expect(file.line(of: "D") == nil)
    }

    @Test func crlfAndLoneCRAreLineBreaks() throws {
        let crlf = try EnvFile(text: "A=1\r\nB=\"x\r\ny\"\r\n\r\nC = 'z' # c\r\n", path: "x.env")
        #expect(Self.pairs(crlf) == [Pair("A", "1"), Pair("B", "x\ny"), Pair("C", "z")])
        #expect(crlf.entries.map(\.line) == [1, 2, 5])
        let cr = try EnvFile(text: "A=1\rB=2\r", path: "x.env")
        #expect(Self.pairs(cr) == [Pair("A", "1"), Pair("B", "2")])
    }

    @Test func skipsAByteOrderMarkAtTheStartOnly() throws {
        let file = try EnvFile(bytes: [0xEF, 0xBB, 0xBF] + Array("A=1\n\u{FEFF}B=2\n".utf8), path: "x.env")
        #expect(Self.pairs(file) == [Pair("A", "1"), Pair("\u{FEFF}B", "2")])
    }

    /// Found by FuzzEnvFile (a harness bug, kept as a statement of the rule): a name may hold a quote after its
    /// first character, also in a bare `NAME` statement.
    @Test func nameMayHoldAQuoteAfterItsFirstCharacter() throws {
        let file = try EnvFile(text: "KEY_PATHJ>'oauth/v2/token\"\n\nit's=1\n", path: "x.env")
        #expect(Self.pairs(file) == [Pair("KEY_PATHJ>'oauth/v2/token\"", nil), Pair("it's", "1")])
    }

    @Test func rawValuesKeepTheLastBindingAndDropBareNames() throws {
        let file = try EnvFile(text: "A=1\nA=2\nB=x\nB\nC\n", path: "x.env")
        #expect(file.rawValues == ["A": "2"])
    }

    @Test func rejectsInvalidUTF8WithItsLine() {
        #expect(throws: EnvFileError(path: "x.env", line: 2, reason: .invalidUTF8)) {
            try EnvFile(bytes: Array("A=1\nB=".utf8) + [0xC3, 0x28], path: "x.env")
        }
    }

    @Test func rejectsNUL() {
        #expect(throws: EnvFileError(path: "x.env", line: 1, reason: .nulCharacter)) {
            try EnvFile(bytes: Array("A=1".utf8) + [0], path: "x.env")
        }
    }

    @Test func refusesFilesLargerThanTheLimit() throws {
        let limit = EnvFile.maximumSize
        let atLimit = Array("A=".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: limit - 2)
        #expect(try EnvFile(bytes: atLimit, path: "x.env").rawValues["A"]?.count == limit - 2)
        #expect(throws: EnvFileError(path: "x.env", line: nil, reason: .tooLarge(limit: limit))) {
            try EnvFile(bytes: atLimit + [UInt8(ascii: "x")], path: "x.env")
        }
    }

    @Test func loadsFromDiskAndReportsMissingFilesAndFolders() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("a.env", "A = \"1\"\n")
        #expect(try EnvFile.load(path: path).rawValues == ["A": "1"])
        #expect(throws: EnvFileError(path: folder.path + "/nope.env", line: nil, reason: .notFound)) {
            try EnvFile.load(path: folder.path + "/nope.env")
        }
        #expect(throws: EnvFileError(path: folder.path, line: nil, reason: .isADirectory)) {
            try EnvFile.load(path: folder.path)
        }
        let big = try folder.write("big.env", bytes: [UInt8](repeating: UInt8(ascii: "#"), count: EnvFile.maximumSize + 10))
        #expect(throws: EnvFileError(path: big, line: nil, reason: .tooLarge(limit: EnvFile.maximumSize))) {
            try EnvFile.load(path: big)
        }
    }

    /// The original Python samples' files, byte for byte, give exactly what `dotenv.dotenv_values` gives them.
    @Test(arguments: [
        ("api-basic-authentication", [
            "ZITADEL_DOMAIN": "<YOUR_ZITADEL_DOMAIN>",
            "ZITADEL_INTROSPECTION_URL": "<YOUR_ZITADEL_DOMAIN>/oauth/v2/introspect",
            "API_BASE_URL": "http://localhost:5000",
            "API_CLIENT_ID": "<YOUR_API_CLIENT_ID>",
            "API_CLIENT_SECRET": "<YOUR_API_CLIENT_SECRET",
        ]),
        ("api-jwt", [
            "API_PRIVATE_KEY_FILE": "api-key-file.json",
            "ZITADEL_DOMAIN": "<YOUR_ZITADEL_DOMAIN>",
            "ZITADEL_INTROSPECTION_URL": "<YOUR_ZITADEL_DOMAIN>/oauth/v2/introspect",
            "API_BASE_URL": "http://localhost:5000",
        ]),
        ("service-user-client-credentials", [
            "PROJECT_ID": "<YOUR_ZITADEL_PROJECT_ID",
            "ZITADEL_DOMAIN": "YOUR_ZITADEL_DOMAIN",
            "ZITADEL_TOKEN_URL": "YOUR_ZITADEL_DOMAIN/oauth/v2/token",
            "CLIENT_ID": "YOUR_SERVICE_USER_CLIENT_ID",
            "CLIENT_SECRET": "YOUR_SERVICE_USER_CLIENT_SECRET",
        ]),
        ("service-user-jwt", [
            "CLIENT_PRIVATE_KEY_FILE_PATH": "client-key-file.json",
            "PROJECT_ID": "<YOUR_ZITADEL_PROJECT_ID>",
            "ZITADEL_DOMAIN": "<YOUR_ZITADEL_DOMAIN>",
            "ZITADEL_TOKEN_URL": "<YOUR_ZITADEL_DOMAIN>/oauth/v2/token",
        ]),
    ])
    func originalPythonSampleFilesLoadUnchanged(sample: String, expected: [String: String]) throws {
        let file = try EnvFile.load(path: try OriginalEnv.envFile(sample))
        #expect(file.rawValues == expected)
        #expect(file.values(environment: [:]) == expected)
        #expect(file.entries.map(\.line) == Array(1...expected.count))
    }
}
