import Foundation
import Testing
import TestSupport

@testable import Core

@Suite(.cpuBound) struct ClientAssertionIssuerTests {
    static func applicationKey() throws -> (clientID: String, keyID: String, key: RSAPrivateKey) {
        let vector = try Vectors.json("zitadel-application-key")
        let pem = try #require(vector["key"] as? String)
        return (
            try #require(vector["clientId"] as? String), try #require(vector["keyId"] as? String),
            try RSAPrivateKey(pem: pem)
        )
    }

    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000.7))

    private func issuer(lifetime: Duration = .seconds(600)) throws -> (ClientAssertionIssuer, RSAPublicKey) {
        let (clientID, keyID, key) = try Self.applicationKey()
        let clock = clock
        let issuer = ClientAssertionIssuer(
            clientID: clientID, keyID: keyID, privateKey: key, issuer: "https://acme.zitadel.cloud/", lifetime: lifetime,
            now: { clock.now })
        return (issuer, key.publicKey)
    }

    @Test func assertionCarriesWhatZitadelChecks() throws {
        let (issuer, publicKey) = try issuer()
        let verified = try JWT.verifyRS256(try issuer.assertion(), key: publicKey)
        #expect(verified.header.algorithm == "RS256")
        #expect(verified.header.keyID == "100000000000000003")
        #expect(verified.claims.issuer == "100000000000000005@demo")
        #expect(verified.claims.subject == "100000000000000005@demo")
        #expect(verified.claims.audience == ["https://acme.zitadel.cloud"])
        #expect(verified.claims.issuedAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(verified.claims.expiresAt == Date(timeIntervalSince1970: 1_800_000_600))
    }

    @Test func assertionIsReusedUntilShortlyBeforeItExpires() throws {
        let (issuer, publicKey) = try issuer()
        let first = try issuer.assertion()
        clock.advance(by: 500)
        #expect(try issuer.assertion() == first)
        clock.advance(by: 40)  // 540 s in: less than the 60 s margin left
        let second = try issuer.assertion()
        #expect(second != first)
        let verified = try JWT.verifyRS256(second, key: publicKey)
        #expect(verified.claims.issuedAt == Date(timeIntervalSince1970: 1_800_000_540))
    }

    @Test func concurrentCallersGetOneAssertion() async throws {
        let (issuer, _) = try issuer()
        let assertions = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<8 { group.addTask { try? issuer.assertion() } }
            return await group.reduce(into: Set<String?>()) { $0.insert($1) }
        }
        #expect(assertions.count == 1)
        #expect(assertions.first.flatMap { $0 } != nil)
    }

    @Test func descriptionNeverShowsTheAssertionOrKey() throws {
        let (issuer, _) = try issuer()
        let text = String(describing: ClientAuthentication.privateKeyJWT(issuer))
        #expect(text == "private_key_jwt (client id 100000000000000005@demo, key id 100000000000000003)")
    }
}

extension ClientAssertionIssuerTests {
    @Test func applicationKeyFileGivesItsClientAndKeyID() throws {
        let keyFile = try ZitadelKeyFile(json: Array(try Vectors.data("zitadel-application-key")))
        let issuer = try ClientAssertionIssuer(keyFile: keyFile, issuer: "https://acme.zitadel.cloud")
        #expect(issuer.clientID == "100000000000000005@demo")
        #expect(issuer.keyID == "100000000000000003")
        #expect(issuer.audience == "https://acme.zitadel.cloud")
    }

    @Test func serviceUserKeyFileIsRefusedForIntrospection() throws {
        let keyFile = try ZitadelKeyFile(json: Array(try Vectors.data("zitadel-serviceaccount-key")))
        #expect(throws: ClientAssertionError.notAnApplicationKey) {
            try ClientAssertionIssuer(keyFile: keyFile, issuer: "https://acme.zitadel.cloud")
        }
    }
}
