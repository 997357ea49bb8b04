import Testing

@testable import Core

@Suite struct PEMTests {
    private let labels = ["RSA PRIVATE KEY", "PRIVATE KEY"]

    @Test func decodesTheBodyAndReportsTheLabel() throws {
        let text = "-----BEGIN PRIVATE KEY-----\nAAEC\nAw==\n-----END PRIVATE KEY-----\n"
        let (label, der) = try PEM.decode(text, expectedLabels: labels)
        #expect(label == "PRIVATE KEY")
        #expect(der == [0, 1, 2, 3])
    }

    /// RFC 7468 §2: text around the block is explanatory and ignored; CRLF line ends work too.
    @Test func ignoresTextAroundTheBlockAndCRLF() throws {
        let text =
            "Bag Attributes: none\r\n-----BEGIN RSA PRIVATE KEY-----\r\nAAEC\r\n-----END RSA PRIVATE KEY-----\r\ntrailer"
        #expect(try PEM.decode(text, expectedLabels: labels).der == [0, 1, 2])
    }

    @Test func encodesWith64CharacterLinesAndReadsBack() throws {
        let der = (0..<200).map { UInt8($0) }
        let text = PEM.encode(label: "PUBLIC KEY", der: der)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "-----BEGIN PUBLIC KEY-----")
        #expect(lines.last == "-----END PUBLIC KEY-----")
        #expect(lines.dropFirst().dropLast().dropLast().allSatisfy { $0.count == 64 })
        #expect(text.hasSuffix("-----\n"))
        #expect(try PEM.decode(text, expectedLabels: ["PUBLIC KEY"]).der == der)
    }

    @Test func refusesTextWithoutABeginLine() {
        #expect(throws: KeyFormatError.notPEM) { try PEM.decode("MIIEowIBAAKCAQEA", expectedLabels: labels) }
        #expect(throws: KeyFormatError.notPEM) { try PEM.decode("", expectedLabels: labels) }
    }

    @Test func refusesOverlongLabels() {
        let label = String(repeating: "X", count: PEM.maxLabelByteCount + 1)
        #expect(throws: KeyFormatError.notPEM) {
            try PEM.decode("-----BEGIN \(label)-----\nAAEC\n-----END \(label)-----\n", expectedLabels: labels)
        }
    }

    @Test func refusesAMissingOrDifferentEndLine() {
        #expect(throws: KeyFormatError.missingEndLine(label: "PRIVATE KEY")) {
            try PEM.decode("-----BEGIN PRIVATE KEY-----\nAAEC\n", expectedLabels: labels)
        }
        #expect(throws: KeyFormatError.mismatchedEndLabel(begin: "PRIVATE KEY", end: "RSA PRIVATE KEY")) {
            try PEM.decode("-----BEGIN PRIVATE KEY-----\nAAEC\n-----END RSA PRIVATE KEY-----\n", expectedLabels: labels)
        }
    }

    @Test func refusesAnUnexpectedLabelNamingBoth() throws {
        let text = "-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n"
        let error = #expect(throws: KeyFormatError.self) { try PEM.decode(text, expectedLabels: labels) }
        #expect(error == .wrongLabel(found: "CERTIFICATE", expected: labels))
        let description = try #require(error).description
        #expect(description.contains("'CERTIFICATE'") && description.contains("'RSA PRIVATE KEY' or 'PRIVATE KEY'"))
    }

    @Test func refusesEncryptedKeysWithInstructions() throws {
        let pkcs8 = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAEC\n-----END ENCRYPTED PRIVATE KEY-----\n"
        let legacy = """
            -----BEGIN RSA PRIVATE KEY-----
            Proc-Type: 4,ENCRYPTED
            DEK-Info: AES-256-CBC,8943AD17CBFD8B62577F66D976516358

            AAEC
            -----END RSA PRIVATE KEY-----
            """
        for text in [pkcs8, legacy] {
            let error = #expect(throws: KeyFormatError.encrypted) { try PEM.decode(text, expectedLabels: labels) }
            #expect(try #require(error).description.contains("openssl pkey -in k.pem -out k-plain.pem"))
        }
    }

    @Test func refusesOtherHeaderLines() {
        let text = "-----BEGIN RSA PRIVATE KEY-----\nComment: hello\n\nAAEC\n-----END RSA PRIVATE KEY-----\n"
        #expect(throws: KeyFormatError.self) { try PEM.decode(text, expectedLabels: labels) }
    }
}
