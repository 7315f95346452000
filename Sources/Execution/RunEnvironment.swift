/// The environment a snippet sees: an allowlist, so nothing credential-like in the parent reaches it.
public enum RunEnvironment {
    /// Variables passed through from the parent when set.
    public static let allowed: Set<String> = ["PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES",
                                              "TERM", "COLORTERM", "NO_COLOR", "TZ", "USER", "LOGNAME", "SHELL"]

    /// Name parts that mark a variable as a credential; such a variable never passes, even when allowed.
    public static let credentialMarkers = ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH",
                                           "SESSION", "COOKIE", "AWS_", "AZURE_", "GCP_", "GOOGLE_", "OPENAI",
                                           "ANTHROPIC", "GITHUB_", "HF_", "OLLAMA"]

    /// True when a variable name looks like it holds a credential.
    public static func looksLikeCredential(_ name: String) -> Bool {
        let upper = name.uppercased()
        return credentialMarkers.contains { upper.contains($0) }
    }

    /// The child's environment: allowed parent variables (never credential-like), a scratch HOME and TMPDIR,
    /// `PYTHONUNBUFFERED` so output streams, and `extra` (e.g. the virtual environment) on top.
    public static func build(parent: [String: String], home: String, tmp: String,
                             extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [:]
        for (k, v) in parent where allowed.contains(k) && !looksLikeCredential(k) { env[k] = v }
        if env["PATH"] == nil { env["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        if env["LANG"] == nil { env["LANG"] = "C.UTF-8" }
        env["HOME"] = home
        env["TMPDIR"] = tmp
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        for (k, v) in extra { env[k] = v }
        return env
    }
}
