/// Recognises the placeholders that templates hold until the user fills them in, so that a sample can stop with
/// "still a placeholder" instead of sending `<YOUR_ZITADEL_DOMAIN>` to DNS.
///
/// The original Python samples' files show every form this must catch: `<YOUR_ZITADEL_DOMAIN>`,
/// `<YOUR_API_CLIENT_SECRET` (no closing `>`), `YOUR_ZITADEL_DOMAIN`, and placeholders inside a longer value,
/// `<YOUR_ZITADEL_DOMAIN>/oauth/v2/introspect` or `YOUR_ZITADEL_DOMAIN/oauth/v2/token`; key files hold `<YOUR KEY>`.
public enum Placeholder {
    /// True when `value` contains `<YOUR` (any case), or `YOUR_` at its start or right after a character that is
    /// not a letter, digit or `_`. Real ZITADEL domains, IDs and secrets never look like that, while a lone
    /// uppercase `YOUR_` inside a random secret (e.g. `abcYOUR_x`) stays allowed.
    public static func appears(in value: String) -> Bool {
        let scalars = Array(value.unicodeScalars)
        let angled: [Unicode.Scalar] = ["<", "y", "o", "u", "r"]
        let bare: [Unicode.Scalar] = ["Y", "O", "U", "R", "_"]
        for start in scalars.indices {
            let rest = scalars[start...]
            if rest.count >= angled.count,
               zip(rest.prefix(angled.count), angled).allSatisfy({ lowercased($0) == $1 }) {
                return true
            }
            if rest.starts(with: bare), start == 0 || !isWordCharacter(scalars[start - 1]) {
                return true
            }
        }
        return false
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
