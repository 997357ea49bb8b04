import Testing
@testable import LocalZitadelKit

@Suite struct TokenStoreTests {
    func record(_ id: String, kind: IssuedToken.Kind = .accessToken, exp: Int? = 2000) -> IssuedToken {
        IssuedToken(kind: kind, format: .opaque, id: id, subject: "1", username: "u", displayName: "U",
                    audience: [], scopes: Scopes(kept: []), issuedAt: 1000, expiresAt: exp)
    }

    @Test func issuedTokenIsFoundAndExpires() throws {
        let store = TokenStore()
        store.insert(token: "tok", record: record("a"))
        let found = try #require(store.record(for: "tok"))
        #expect(found.id == "a")
        #expect(found.isActive(now: 1999))
        #expect(!found.isActive(now: 2000))
        #expect(store.record(for: "other") == nil)
    }

    @Test func revokedTokenIsInactive() throws {
        let store = TokenStore()
        store.insert(token: "tok", record: record("a"))
        #expect(store.revoke(token: "tok"))
        #expect(!store.revoke(token: "unknown"))
        #expect(try #require(store.record(for: "tok")).isActive(now: 1500) == false)
    }

    @Test func oldestAccessTokensAreForgottenBeyondCapacity() throws {
        let store = TokenStore(capacity: 3)
        store.insert(token: "pat", record: record("p", kind: .personalAccessToken, exp: nil))
        for index in 0..<2000 { store.insert(token: "t\(index)", record: record("\(index)")) }
        #expect(store.count == 4)
        #expect(store.record(for: "t0") == nil)
        #expect(store.record(for: "t1999") != nil)
        #expect(store.record(for: "pat") != nil)
    }

    @Test func patWithoutExpiryStaysActive() throws {
        #expect(record("p", kind: .personalAccessToken, exp: nil).isActive(now: Int(Int32.max)))
    }
}
