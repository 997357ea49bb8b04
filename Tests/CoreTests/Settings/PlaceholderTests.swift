import Testing
@testable import Core

@Suite struct PlaceholderTests {
    /// Every form in the original samples' files and key files, and in our templates.
    @Test(arguments: [
        "<YOUR_ZITADEL_DOMAIN>", "<YOUR_API_CLIENT_SECRET", "YOUR_ZITADEL_DOMAIN", "YOUR_SERVICE_USER_CLIENT_SECRET",
        "<YOUR_ZITADEL_DOMAIN>/oauth/v2/introspect", "YOUR_ZITADEL_DOMAIN/oauth/v2/token", "<YOUR KEY>",
        "-----BEGIN RSA PRIVATE KEY-----\n<YOUR_KEY>\n-----END RSA PRIVATE KEY-----\n", "https://YOUR_DOMAIN",
        "<your-domain>", "prefix-YOUR_ID",
    ])
    func recognises(value: String) {
        #expect(Placeholder.appears(in: value))
    }

    @Test(arguments: [
        "https://my-instance.zitadel.cloud", "http://localhost:5000", "293847293847", "api-key-file.json",
        "s8Jk2YOUR_x9", "openid profile urn:zitadel:iam:org:project:id:123:aud", "", "your", "<you>",
    ])
    func leavesRealValuesAlone(value: String) {
        #expect(!Placeholder.appears(in: value))
    }
}
