import Testing
@testable import Core

/// Expected values computed with python-dotenv 1.2.2: `DotEnv(None, stream=…, interpolate=True,
/// override=False).dict()` (what `load_dotenv()` sets) with the same environment.
@Suite struct EnvFileInterpolationTests {
    static let environment = ["A": "envA", "E": "", "HOME": "/home/me"]

    @Test(arguments: [
        ("X=${HOME}/keys\n", ["X": "/home/me/keys"]),
        ("X='${HOME}'\n", ["X": "/home/me"]),  // dotenv expands inside single quotes too
        ("X=$HOME\n", ["X": "$HOME"]),  // only the braced form
        ("B=1\nX=${B}-${B}\n", ["B": "1", "X": "1-1"]),
        ("X=${B}\nB=1\n", ["X": "", "B": "1"]),  // later lines are not seen yet
        ("A=file\nX=${A}\n", ["A": "file", "X": "envA"]),  // the environment wins, as for the settings themselves
        ("X=${NOPE:-fallback}\n", ["X": "fallback"]),
        ("X=${E:-fallback}\n", ["X": ""]),  // set but empty is set
        ("B\nX=${B:-fallback}\n", ["X": ""]),  // a bare name counts as set to ""
        ("X=${NOPE:fallback}\n", ["X": "${NOPE:fallback}"]),  // ':' without '-' is no reference
        ("X=${}\n", ["X": ""]),
        ("X=${unterminated\n", ["X": "${unterminated"]),
        ("X=a${A}b${NOPE}c\n", ["X": "aenvAbc"]),
        ("B=${A}\nX=${B:-no}\n", ["B": "envA", "X": "envA"]),  // earlier values are already expanded
    ])
    func expandsAsDotenvDoes(text: String, expected: [String: String]) throws {
        let file = try EnvFile(text: text, path: "x.env")
        #expect(file.values(environment: Self.environment) == expected)
    }

    @Test func rawValuesAreNotExpanded() throws {
        #expect(try EnvFile(text: "X=${HOME}\n", path: "x.env").rawValues == ["X": "${HOME}"])
    }
}
