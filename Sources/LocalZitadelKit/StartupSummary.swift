/// What the stand-in prints on start (to stderr): what it plays and where the settings went, without a secret —
/// the secrets are in the settings files only.
extension ZitadelStandIn {
    public func startupSummary(options: LocalZitadelOptions, settingsFiles: [String]) -> String {
        let instance = instance
        let user = instance.serviceUser
        let organization = instance.organization
        let role = instance.project.roleKeys.joined(separator: ", ")
        let grant = user.projectRoles.isEmpty ? "not granted (--no-role)" : "granted to \(user.username)"
        let applications = instance.applications.map { application in
            switch application.credential {
            case .secret: "\(application.name) \(application.clientID) (client secret)"
            case .key(let key): "\(application.name) \(application.clientID) (key \(key.keyID))"
            }
        }
        let offset = (options.clockOffsetSeconds >= 0 ? "+" : "") + String(options.clockOffsetSeconds)
        return """
            LocalZitadel: a local stand-in for the ZITADEL endpoints the samples use (not ZITADEL; for the tutorial \
            and tests)
              issuer        \(issuer)
              organization  \(organization.name) \(organization.id) (\(organization.primaryDomain))
              project       \(instance.project.name) \(instance.project.id), role \(role) \(grant)
              API apps      \(applications.joined(separator: "; "))
              service user  \(user.username) \(user.userID): key \(user.key.keyID), client secret, personal access token
              tokens        \(instance.accessTokenType.rawValue) access tokens, 12 h; clock offset \(offset) s
              settings      \(settingsFiles.joined(separator: ", "))
            """
    }
}
