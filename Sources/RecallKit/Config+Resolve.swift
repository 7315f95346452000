import Foundation
import HTTP
import LLM

/// Finds, reads and merges the configuration.
public enum LLMConfigLoader {
    /// `$RECALL_CONFIG`, else `$XDG_CONFIG_HOME/recall/config.toml`, else `~/.config/recall/config.toml`.
    public static func configPath(environment: [String: String]) -> String {
        if let explicit = environment["RECALL_CONFIG"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/recall/config.toml" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.config/recall/config.toml"
    }

    /// Reads and parses the config file if it exists.
    public static func readFile(environment: [String: String]) throws -> LLMConfigFile? {
        let path = configPath(environment: environment)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read \(path) — check its permissions")
        }
        return try LLMConfigParser.parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Loads the profile: defaults ← file ← environment ← flags.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            overrides: LLMOverrides = LLMOverrides()) throws -> LLMProfile {
        try resolve(file: readFile(environment: environment), environment: environment, overrides: overrides)
    }

    /// Merges the layers. Profile choice: `--profile`, then `RECALL_PROFILE`, then the file's `profile`.
    /// `OLLAMA_HOST` applies only when the resolved provider is Ollama.
    public static func resolve(file: LLMConfigFile?, environment: [String: String], overrides: LLMOverrides) throws -> LLMProfile {
        var profile = LLMProfile.defaults
        var origins: [String: String] = [:]
        let fileName = file?.path ?? "config.toml"

        let chosen = overrides.profile ?? environment["RECALL_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? file?.selectedProfile
        var layers: [(PartialLLMProfile, String)] = []
        if let file { layers.append((file.base, fileName)) }
        if let chosen {
            guard let section = file?.profiles[chosen] else {
                let known = file?.profiles.keys.sorted().joined(separator: ", ") ?? ""
                throw ConfigError("profile '\(chosen)' is not defined in \(fileName)"
                                  + (known.isEmpty ? " — add a [profiles.\(chosen)] table" : " (profiles: \(known))"))
            }
            profile.name = chosen
            layers.append((section, "\(fileName) [profiles.\(chosen)]"))
        }

        // Environment.
        var env = PartialLLMProfile()
        var envOrigins: [String: String] = [:]
        if let text = nonEmpty(environment["RECALL_PROVIDER"]) {
            guard let kind = ProviderName.parse(text) else {
                throw ConfigError("RECALL_PROVIDER=\(text) is not a provider — use ollama or openai")
            }
            env.provider = kind
            envOrigins["provider"] = "RECALL_PROVIDER"
        }
        if let url = nonEmpty(environment["RECALL_BASE_URL"]) { env.baseURL = url; envOrigins["base_url"] = "RECALL_BASE_URL" }
        if let url = nonEmpty(environment["RECALL_EMBED_BASE_URL"]) { env.embedBaseURL = url; envOrigins["embed_base_url"] = "RECALL_EMBED_BASE_URL" }
        if let model = nonEmpty(environment["RECALL_CHAT_MODEL"]) { env.chatModel = model; envOrigins["chat_model"] = "RECALL_CHAT_MODEL" }
        if let model = nonEmpty(environment["RECALL_EMBED_MODEL"]) { env.embedModel = model; envOrigins["embed_model"] = "RECALL_EMBED_MODEL" }
        if let text = nonEmpty(environment["RECALL_NUM_CTX"]) {
            guard let n = Int(text), n > 0 else { throw ConfigError("RECALL_NUM_CTX=\(text) is not a positive whole number") }
            env.numCtx = n
            envOrigins["num_ctx"] = "RECALL_NUM_CTX"
        }
        if let name = nonEmpty(environment["RECALL_API_KEY_ENV"]) { env.apiKeyEnv = name; envOrigins["api_key_env"] = "RECALL_API_KEY_ENV" }

        // Flags.
        var flags = PartialLLMProfile(baseURL: overrides.baseURL, embedBaseURL: overrides.embedBaseURL,
                                      chatModel: overrides.chatModel, embedModel: overrides.embedModel,
                                      numCtx: overrides.numCtx, temperature: overrides.temperature)
        if let text = overrides.provider {
            guard let kind = ProviderName.parse(text) else {
                throw ConfigError("--provider \(text) is not a provider — use ollama or openai")
            }
            flags.provider = kind
        }
        if let n = overrides.numCtx, n <= 0 { throw ConfigError("--num-ctx must be a positive number") }

        var baseURLSet = false
        var embedURLSet = false
        func apply(_ layer: PartialLLMProfile, _ origin: (String) -> String) {
            if let v = layer.provider { profile.provider = v; origins["provider"] = origin("provider") }
            if let v = layer.baseURL { profile.baseURL = v; origins["base_url"] = origin("base_url"); baseURLSet = true }
            if let v = layer.embedBaseURL { profile.embedBaseURL = v; origins["embed_base_url"] = origin("embed_base_url"); embedURLSet = true }
            if let v = layer.chatModel { profile.chatModel = v; origins["chat_model"] = origin("chat_model") }
            if let v = layer.embedModel { profile.embedModel = v; origins["embed_model"] = origin("embed_model") }
            if let v = layer.numCtx { profile.numCtx = v; origins["num_ctx"] = origin("num_ctx") }
            if let v = layer.temperature { profile.temperature = v; origins["temperature"] = origin("temperature") }
            if let v = layer.keepAlive { profile.keepAlive = v; origins["keep_alive"] = origin("keep_alive") }
            if let v = layer.apiKeyEnv { profile.apiKeyEnv = v; origins["api_key_env"] = origin("api_key_env") }
        }
        for (layer, name) in layers { apply(layer, { _ in name }) }
        // OLLAMA_HOST sits between the file and the other variables, and only for Ollama.
        let providerAfterEnv = flags.provider ?? env.provider ?? profile.provider
        if providerAfterEnv == .ollama, let host = nonEmpty(environment["OLLAMA_HOST"]), env.baseURL == nil {
            profile.baseURL = normalizeOllamaHost(host)
            origins["base_url"] = "OLLAMA_HOST"
            baseURLSet = true
        }
        apply(env, { envOrigins[$0] ?? "environment" })
        apply(flags, { $0 == "chat_model" ? "--model" : "--" + $0.replacingOccurrences(of: "_", with: "-") })
        if !embedURLSet { profile.embedBaseURL = profile.baseURL; origins["embed_base_url"] = origins["base_url"] }
        if !baseURLSet && profile.provider == .openai && !embedURLSet {
            throw ConfigError("the openai provider needs a server address — pass --base-url or set base_url in the profile")
        }
        for (key, url) in [("base_url", profile.baseURL), ("embed_base_url", profile.embedBaseURL)] {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ConfigError("\(key) '\(Redact.url(url))' (from \(origins[key] ?? "default")) must start with http:// or https://")
            }
            if let problem = Self.addressProblem(url) {
                throw ConfigError("\(key) '\(Redact.url(url))' (from \(origins[key] ?? "default")) is not a valid server address: \(problem) — use host:port or http://host:port, e.g. 127.0.0.1:11434")
            }
        }
        profile.origins = origins
        return profile
    }

    /// Turns `OLLAMA_HOST` forms (`host`, `host:port`, `:port`, `0.0.0.0`, `http://host:port`) into a client URL.
    public static func normalizeOllamaHost(_ value: String) -> String {
        var text = value.trimmingCharacters(in: .whitespaces)
        var scheme = "http"
        if let range = text.range(of: "://") {
            scheme = String(text[..<range.lowerBound])
            text = String(text[range.upperBound...])
        }
        var path = ""
        if let slash = text.firstIndex(of: "/") {
            path = String(text[slash...])
            text = String(text[..<slash])
        }
        while path.hasSuffix("/") { path.removeLast() }
        var host = text
        var port = scheme == "https" ? "443" : "11434"
        if text.hasPrefix("[") {  // IPv6 literal
            if let close = text.firstIndex(of: "]") {
                host = String(text[...close])
                let rest = text[text.index(after: close)...]
                if rest.hasPrefix(":") { port = String(rest.dropFirst()) }
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            port = String(text[text.index(after: colon)...])
        }
        if host.isEmpty || host == "0.0.0.0" { host = "127.0.0.1" }
        if host == "[::]" { host = "[::1]" }
        return "\(scheme)://\(host):\(port)\(path)"
    }

    /// Why a URL cannot name a server (no host, a bad port), or nil when it can.
    static func addressProblem(_ url: String) -> String? {
        guard let parts = URLComponents(string: url) else { return "it cannot be parsed as a URL" }
        guard let host = parts.host, !host.isEmpty, host.trimmingCharacters(in: CharacterSet(charactersIn: "[]:")).count > 0 else {
            return "it has no host name"
        }
        if let port = parts.port, !(1...65535).contains(port) { return "port \(port) is out of range" }
        return nil
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }
}
