extension EnvFile {
    /// The file's settings after `${NAME}` and `${NAME:-default}` expansion, as python-dotenv's `load_dotenv()`
    /// computes them (its default: `interpolate=True, override=False`). The Python samples call `load_dotenv()`, so a
    /// file that uses expansion means the same here.
    ///
    /// Statements are resolved in file order. A name resolves to its value in `environment` first, else to the value
    /// an earlier statement of this file gave it (already expanded; a bare `KEY` line gives ""), else to the default,
    /// else to "". Expansion happens in single-quoted values too, and `$NAME` without braces stays as written: both as
    /// in dotenv. Names declared without a value are left out of the result.
    public func values(environment: [String: String]) -> [String: String] {
        var resolved = [String: String?]()
        for entry in entries {
            guard let value = entry.value else {
                resolved[entry.key] = .some(nil)
                continue
            }
            resolved[entry.key] = .some(Self.expand(value) { name in
                if let value = environment[name] { return value }
                if let earlier = resolved[name] { return earlier ?? "" }
                return nil
            })
        }
        return resolved.compactMapValues { $0 }
    }

    /// Replaces each match of dotenv's `\$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}`, left to right.
    /// `lookup` answers nil for a name that is set nowhere, so that the default applies.
    static func expand(_ value: String, lookup: (String) -> String?) -> String {
        let scalars = Array(value.unicodeScalars)
        guard scalars.contains("$") else { return value }
        var output = String.UnicodeScalarView()
        var position = 0
        while position < scalars.count {
            if let (name, defaultValue, end) = variable(in: scalars, at: position) {
                output.append(contentsOf: (lookup(name) ?? defaultValue ?? "").unicodeScalars)
                position = end
            } else {
                output.append(scalars[position])
                position += 1
            }
        }
        return String(output)
    }

    /// The `${…}` reference starting at `start`, if one does: its name, default and the index after its `}`.
    private static func variable(
        in scalars: [Unicode.Scalar], at start: Int
    ) -> (name: String, defaultValue: String?, end: Int)? {
        guard scalars[start] == "$", start + 1 < scalars.count, scalars[start + 1] == "{" else { return nil }
        var position = start + 2
        while position < scalars.count && scalars[position] != "}" && scalars[position] != ":" { position += 1 }
        let name = Parser.string(scalars[(start + 2)..<position])
        guard position < scalars.count else { return nil }
        if scalars[position] == "}" { return (name, nil, position + 1) }
        // A ':' must begin ":-default}"; otherwise this '$' starts no reference.
        guard position + 1 < scalars.count, scalars[position + 1] == "-" else { return nil }
        let defaultStart = position + 2
        position = defaultStart
        while position < scalars.count && scalars[position] != "}" { position += 1 }
        guard position < scalars.count else { return nil }
        return (name, Parser.string(scalars[defaultStart..<position]), position + 1)
    }
}
