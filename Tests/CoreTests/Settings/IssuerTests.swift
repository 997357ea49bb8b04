import Foundation
import Testing
@testable import Core

@Suite struct IssuerTests {
    @Test(arguments: [
        ("https://my-instance.zitadel.cloud", "https://my-instance.zitadel.cloud"),
        ("https://my-instance.zitadel.cloud/", "https://my-instance.zitadel.cloud"),
        ("https://my-instance.zitadel.cloud///", "https://my-instance.zitadel.cloud"),
        ("my-instance.zitadel.cloud", "https://my-instance.zitadel.cloud"),
        ("my-instance.zitadel.cloud/", "https://my-instance.zitadel.cloud"),
        ("localhost:8080", "https://localhost:8080"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://localhost:8080/", "http://localhost:8080"),
        ("HTTPS://My-Instance.Zitadel.Cloud", "https://my-instance.zitadel.cloud"),
        ("  https://x.zitadel.cloud  ", "https://x.zitadel.cloud"),
        ("https://id.example.com/zitadel/", "https://id.example.com/zitadel"),
        ("https://[::1]:8080", "https://[::1]:8080"),
    ])
    func normalises(input: String, expected: String) throws {
        let issuer = try Issuer(input)
        #expect(issuer.string == expected)
        #expect(issuer.url.absoluteString == expected)
        #expect(issuer.description == expected)
    }

    @Test(arguments: [
        ("", IssuerError.empty), ("   ", .empty), ("ftp://x.zitadel.cloud", .unsupportedScheme("ftp://x.zitadel.cloud")),
        ("https://", .noHost("https://")), ("https://user:pw@x.cloud", .extraParts("https://user:pw@x.cloud")),
        ("https://x.cloud?a=1", .extraParts("https://x.cloud?a=1")), ("https://x.cloud#top", .extraParts("https://x.cloud#top")),
        ("https://x cloud", .notAURL("https://x cloud")), ("https://x.cloud:99999", .notAURL("https://x.cloud:99999")),
    ])
    func rejects(input: String, error: IssuerError) {
        #expect(throws: error) { try Issuer(input) }
    }

    @Test func appendsEndpointPaths() throws {
        let issuer = try Issuer("https://my-instance.zitadel.cloud/")
        #expect(issuer.appending(path: "/oauth/v2/introspect").absoluteString
            == "https://my-instance.zitadel.cloud/oauth/v2/introspect")
        #expect(issuer.appending(path: ".well-known/openid-configuration").absoluteString
            == "https://my-instance.zitadel.cloud/.well-known/openid-configuration")
        #expect(issuer.appending(path: "/").absoluteString == "https://my-instance.zitadel.cloud")
        let withPath = try Issuer("http://localhost:8080/base")
        #expect(withPath.appending(path: "/oauth/v2/token").absoluteString == "http://localhost:8080/base/oauth/v2/token")
    }

    @Test func messagesSayWhatIsExpected() {
        #expect(IssuerError.unsupportedScheme("ftp://x").description
            == "\"ftp://x\" must start with https:// (or http:// for a local instance)")
        #expect(IssuerError.empty.description.contains("https://my-instance.zitadel.cloud"))
    }
}
