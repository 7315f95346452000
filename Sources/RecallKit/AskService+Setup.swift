import Foundation
import Grounding
import Store

/// Reads the user's prompt template: `$XDG_CONFIG_HOME/recall/prompts/ask.toml` over the built-in one.
public enum AskPromptFile {
    /// The override file's path.
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        RecallPaths.configDirectory(environment: environment) + "/prompts/ask.toml"
    }

    /// The template in use: the built-in one, with the keys of the user's file (if any) over it. A broken file is
    /// an error naming the file and the fix (it is never silently ignored).
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PromptTemplate {
        let file = path(environment: environment)
        guard FileManager.default.fileExists(atPath: file) else { return .builtIn }
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw ConfigError("\(file): cannot be read (\(error.localizedDescription)) — fix its permissions or remove it")
        }
        do { return try PromptTemplate.parse(toml: text, over: .builtIn) } catch {
            throw ConfigError("\(file): \(error) — fix it, or remove it to use the built-in prompt")
        }
    }
}

extension AskService {
    /// A service for `profile` with the planner and the user's prompt template.
    public static func make(db: AppDatabase, profile: LLMProfile, queryLog: QueryLog? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AskService {
        let services = LLMServices(profile: profile, environment: environment)
        let planner = RetrievalPlanner(db: db, profile: .success(profile), environment: environment)
        return AskService(db: db, services: services, planner: planner, template: try AskPromptFile.load(environment: environment),
                          queryLog: queryLog)
    }
}
