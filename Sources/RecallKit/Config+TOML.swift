import Foundation
import LLM
import TOMLKit

/// Reads `config.toml`:
///
/// ```toml
/// profile = "llama3"            # the profile used when none is chosen
/// [llm]                          # applies under every profile
/// num_ctx = 8192
/// [profiles.llama3]
/// provider = "ollama"
/// base_url = "http://127.0.0.1:11434"
/// chat_model = "llama3.2"
/// embed_model = "nomic-embed-text"
/// temperature = 0.2
/// [profiles.gpt-oss]
/// provider = "openai"
/// base_url = "http://127.0.0.1:8080"
/// embed_base_url = "http://127.0.0.1:8081"
/// chat_model = "gpt-oss"
/// api_key_env = "MY_SERVER_KEY"   # the variable's name; the key itself never goes in this file
/// ```
public enum LLMConfigParser {
    static let knownKeys: Set<String> = ["provider", "base_url", "embed_base_url", "chat_model", "embed_model", "num_ctx",
                                         "temperature", "keep_alive", "api_key_env"]

    /// Parses the text; unknown keys and wrong types are errors that name the file, table and key.
    public static func parse(_ text: String, path: String) throws -> LLMConfigFile {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("\(path) is not valid TOML (\(error.source.begin.debugDescription): \(error.description)) — fix it or move it away")
        } catch {
            throw ConfigError("\(path) is not valid TOML (\(error)) — fix it or move it away")
        }
        var file = LLMConfigFile(path: path)
        if let value = table["profile"] {
            guard let name = value.string else { throw ConfigError("\(path): `profile` must be a string") }
            file.selectedProfile = name
        }
        if let llm = table["llm"] {
            guard let section = llm.table else { throw ConfigError("\(path): [llm] must be a table") }
            file.base = try partial(section, where: "\(path) [llm]")
        }
        if let profiles = table["profiles"] {
            guard let section = profiles.table else { throw ConfigError("\(path): [profiles] must hold tables like [profiles.NAME]") }
            for name in section.keys {
                guard let profile = section[name]?.table else {
                    throw ConfigError("\(path): profiles.\(name) must be a table ([profiles.\(name)])")
                }
                file.profiles[name] = try partial(profile, where: "\(path) [profiles.\(name)]")
            }
        }
        return file
    }

    static func partial(_ table: TOMLTable, where place: String) throws -> PartialLLMProfile {
        for key in table.keys where !knownKeys.contains(key) {
            if key == "api_key" {
                throw ConfigError("\(place): API keys are not read from files — put the key in an environment variable and name it with api_key_env")
            }
            throw ConfigError("\(place): unknown key '\(key)' (known: \(knownKeys.sorted().joined(separator: ", ")))")
        }
        func string(_ key: String) throws -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string else { throw ConfigError("\(place): \(key) must be a string") }
            return text
        }
        var profile = PartialLLMProfile()
        if let text = try string("provider") {
            guard let kind = ProviderName.parse(text) else {
                throw ConfigError("\(place): provider '\(text)' is unknown — use \"ollama\" or \"openai\"")
            }
            profile.provider = kind
        }
        profile.baseURL = try string("base_url")
        profile.embedBaseURL = try string("embed_base_url")
        profile.chatModel = try string("chat_model")
        profile.embedModel = try string("embed_model")
        profile.keepAlive = try string("keep_alive")
        profile.apiKeyEnv = try string("api_key_env")
        if let value = table["num_ctx"] {
            guard let n = value.int, n > 0 else { throw ConfigError("\(place): num_ctx must be a positive whole number") }
            profile.numCtx = n
        }
        if let value = table["temperature"] {
            guard let t = value.double ?? value.int.map(Double.init) else {
                throw ConfigError("\(place): temperature must be a number")
            }
            profile.temperature = t
        }
        return profile
    }
}
