// Env files: any byte string either is rejected with an EnvFileError or parses; a parsed file, written back in a
// canonical form (double-quoted values), parses to the same bindings. Expansion, placeholder detection and issuer
// parsing run on every value too, and must not crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? EnvFile(bytes: input, path: "fuzz.env") else { return 0 }
    let values = file.values(environment: ["A": "from-environment", "HOME": "/root"])
    for value in values.values {
        _ = Placeholder.appears(in: value)
        _ = try? Issuer(value)
    }
    guard let canonical = canonicalText(file) else { return 0 }
    do {
        let again = try EnvFile(text: canonical, path: "canonical.env")
        precondition(again.entries.map { [$0.key, $0.value] } == file.entries.map { [$0.key, $0.value] },
                     "canonical form parses differently")
    } catch {
        preconditionFailure("canonical form is rejected: \(error)")
    }
    return 0
}

/// `KEY="value"` per binding (`'KEY'` when the name needs quotes; `KEY` alone for a binding without value).
/// nil when a value ends in a backslash: dotenv's quoted-value rule cannot close a quote right after one, and
/// such a value would need the unquoted form, which cannot hold every character.
private func canonicalText(_ file: EnvFile) -> String? {
    // A byte order mark first, so that a first name starting with U+FEFF keeps it (the reader skips one mark).
    var text = "\u{FEFF}"
    for entry in file.entries {
        // An unquoted name may hold a quote, just not first; a quoted one may hold anything but a quote.
        let plainKey = !entry.key.hasPrefix("'") && !entry.key.unicodeScalars.contains {
            $0 == "=" || $0 == "#" || EnvFile.Parser.isWhitespace($0)
        }
        text += plainKey ? entry.key : "'\(entry.key)'"
        if let value = entry.value {
            if value.hasSuffix("\\") { return nil }
            var quoted = ""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\\": quoted += "\\\\"
                case "\"": quoted += "\\\""
                case "\r": quoted += "\\r"  // a raw CR would be read as a line break
                default: quoted.unicodeScalars.append(scalar)
                }
            }
            text += "=\"\(quoted)\""
        }
        text += "\n"
    }
    return text
}
