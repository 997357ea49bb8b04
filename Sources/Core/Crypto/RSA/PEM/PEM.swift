/// PEM armour, the textual encoding of RFC 7468: a `-----BEGIN label-----` line, base64 (RFC 4648 §4, standard
/// alphabet) of the DER, and an `-----END label-----` line with the same label.
///
/// Reading is as strict as is useful for key files people copy around: text before the BEGIN line and after the
/// END line is ignored (RFC 7468 §2 allows explanatory text), whitespace and line breaks inside the body are
/// ignored, padding is optional; but the labels must match and be one of those the caller expects, and an
/// encrypted key is refused with instructions instead of being misread.
enum PEM {
    /// The longest label accepted; RFC 7468's longest, "ENCRYPTED PRIVATE KEY", has 21 characters.
    static let maxLabelByteCount = 64

    /// Finds the first PEM block in `text` and returns its label and decoded body.
    static func decode(
        _ text: String, expectedLabels: [String]
    ) throws(KeyFormatError) -> (label: String, der: [UInt8]) {
        let utf8 = Array(text.utf8)
        guard let beginLine = find(Array("-----BEGIN ".utf8), in: utf8, from: 0) else { throw .notPEM }
        let labelStart = beginLine + 11
        guard let labelEnd = find(Array("-----".utf8), in: utf8, from: labelStart) else { throw .notPEM }
        let label = String(decoding: utf8[labelStart..<labelEnd], as: UTF8.self)
        // The label is one short line of printable text (RFC 7468 §3); a line break means this was no BEGIN line.
        // The length cap keeps a hostile label from flooding the error message that quotes it.
        guard label.utf8.count <= maxLabelByteCount, !label.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }) else {
            throw .notPEM
        }

        let bodyStart = labelEnd + 5
        guard let endLine = find(Array("-----END ".utf8), in: utf8, from: bodyStart) else {
            throw .missingEndLine(label: label)
        }
        let endLabelStart = endLine + 9
        guard let endLabelEnd = find(Array("-----".utf8), in: utf8, from: endLabelStart) else {
            throw .missingEndLine(label: label)
        }
        let endLabelBytes = utf8[endLabelStart..<min(endLabelEnd, endLabelStart + maxLabelByteCount + 1)]
        let endLabel = String(decoding: endLabelBytes, as: UTF8.self)
        guard endLabel == label else { throw .mismatchedEndLabel(begin: label, end: endLabel) }

        let body = utf8[bodyStart..<endLine]
        // Both spellings of an encrypted key, PKCS#8 EncryptedPrivateKeyInfo (RFC 5958 §3) and the legacy OpenSSL
        // RFC 1421 headers, are recognised before the label check so the message says what to do.
        if label == "ENCRYPTED PRIVATE KEY" { throw .encrypted }
        // A ':' never occurs in base64, only in RFC 1421 header lines such as "Proc-Type: 4,ENCRYPTED".
        if body.contains(UInt8(ascii: ":")) {
            let bodyBytes = Array(body)
            if find(Array("Proc-Type:".utf8), in: bodyBytes, from: 0) != nil,
                find(Array("ENCRYPTED".utf8), in: bodyBytes, from: 0) != nil
            {
                throw .encrypted
            }
            throw .badBase64(reason: "the body has header lines (RFC 1421), which an unencrypted key never has")
        }
        guard expectedLabels.contains(label) else { throw .wrongLabel(found: label, expected: expectedLabels) }
        return (label, try Base64Standard.decode(body))
    }

    /// Armours `der` with `label`, 64 base64 characters per line (RFC 7468 §2), each line ending in "\n".
    static func encode(label: String, der: [UInt8]) -> String {
        let base64 = Base64Standard.encode(der)
        var lines = ["-----BEGIN \(label)-----"]
        var start = base64.startIndex
        while start < base64.endIndex {
            let end = base64.index(start, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[start..<end]))
            start = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}
