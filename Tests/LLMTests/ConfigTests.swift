import Foundation
import LLM
import RecallKit
import XCTest

/// config.toml profiles, environment and flags, in that order of strength.
final class ConfigTests: XCTestCase {
    let toml = """
    profile = "llama3"

    [llm]
    num_ctx = 8192

    [profiles.llama3]
    provider = "ollama"
    chat_model = "llama3.1:8b"
    temperature = 0.2

    [profiles.gpt-oss]
    provider = "openai"
    base_url = "http://127.0.0.1:8080/v1"
    embed_base_url = "http://127.0.0.1:8081"
    chat_model = "gpt-oss"
    embed_model = "smollm2"
    api_key_env = "MY_KEY"
    num_ctx = 2048
    """

    func file() throws -> LLMConfigFile { try LLMConfigParser.parse(toml, path: "/cfg/config.toml") }

    func testDefaultsWithNoFileNoEnvironment() throws {
        let profile = try LLMConfigLoader.resolve(file: nil, environment: [:], overrides: LLMOverrides())
        XCTAssertEqual(profile.provider, .ollama)
        XCTAssertEqual(profile.baseURL, "http://127.0.0.1:11434")
        XCTAssertEqual(profile.embedBaseURL, "http://127.0.0.1:11434")
        XCTAssertEqual(profile.chatModel, "llama3.2")
        XCTAssertEqual(profile.embedModel, "nomic-embed-text")
        XCTAssertEqual(profile.numCtx, 4096)
    }

    func testFileProfileSelectedByTheFileThenEnvThenFlag() throws {
        let fromFile = try LLMConfigLoader.resolve(file: file(), environment: [:], overrides: LLMOverrides())
        XCTAssertEqual(fromFile.name, "llama3")
        XCTAssertEqual(fromFile.chatModel, "llama3.1:8b")
        XCTAssertEqual(fromFile.numCtx, 8192)  // from [llm]
        XCTAssertEqual(fromFile.temperature, 0.2)

        let fromEnv = try LLMConfigLoader.resolve(file: file(), environment: ["RECALL_PROFILE": "gpt-oss"], overrides: LLMOverrides())
        XCTAssertEqual(fromEnv.provider, .openai)
        XCTAssertEqual(fromEnv.baseURL, "http://127.0.0.1:8080/v1")
        XCTAssertEqual(fromEnv.embedBaseURL, "http://127.0.0.1:8081")
        XCTAssertEqual(fromEnv.numCtx, 2048)
        XCTAssertEqual(fromEnv.apiKeyEnv, "MY_KEY")

        let fromFlag = try LLMConfigLoader.resolve(file: file(), environment: ["RECALL_PROFILE": "gpt-oss"],
                                                   overrides: LLMOverrides(profile: "llama3", chatModel: "qwen3"))
        XCTAssertEqual(fromFlag.name, "llama3")
        XCTAssertEqual(fromFlag.chatModel, "qwen3")
        XCTAssertEqual(fromFlag.origins["chat_model"], "--model")
    }

    func testEnvironmentOverridesFileAndFlagsOverrideEnvironment() throws {
        let env = ["OLLAMA_HOST": "0.0.0.0:9999", "RECALL_CHAT_MODEL": "mistral", "RECALL_EMBED_MODEL": "all-minilm"]
        let profile = try LLMConfigLoader.resolve(file: file(), environment: env, overrides: LLMOverrides(embedModel: "mxbai-embed-large"))
        XCTAssertEqual(profile.baseURL, "http://127.0.0.1:9999")
        XCTAssertEqual(profile.origins["base_url"], "OLLAMA_HOST")
        XCTAssertEqual(profile.chatModel, "mistral")
        XCTAssertEqual(profile.embedModel, "mxbai-embed-large")
        // OLLAMA_HOST is ignored for an OpenAI-compatible profile.
        let openai = try LLMConfigLoader.resolve(file: file(), environment: env.merging(["RECALL_PROFILE": "gpt-oss"]) { $1 }, overrides: LLMOverrides())
        XCTAssertEqual(openai.baseURL, "http://127.0.0.1:8080/v1")
        // A flag base URL wins over everything.
        let flagged = try LLMConfigLoader.resolve(file: nil, environment: env, overrides: LLMOverrides(provider: "llama.cpp", baseURL: "http://127.0.0.1:1"))
        XCTAssertEqual(flagged.provider, .openai)
        XCTAssertEqual(flagged.baseURL, "http://127.0.0.1:1")
        XCTAssertEqual(flagged.embedBaseURL, "http://127.0.0.1:1")
    }

    func testOllamaHostForms() {
        XCTAssertEqual(LLMConfigLoader.normalizeOllamaHost("127.0.0.1"), "http://127.0.0.1:11434")
        XCTAssertEqual(LLMConfigLoader.normalizeOllamaHost(":8000"), "http://127.0.0.1:8000")
        XCTAssertEqual(LLMConfigLoader.normalizeOllamaHost("https://ollama.example"), "https://ollama.example:443")
        XCTAssertEqual(LLMConfigLoader.normalizeOllamaHost("http://box:11434/"), "http://box:11434")
        XCTAssertEqual(LLMConfigLoader.normalizeOllamaHost("[::1]:5000"), "http://[::1]:5000")
    }

    func testMistakesAreOneLineErrorsThatSayWhatToDo() throws {
        XCTAssertThrowsError(try LLMConfigLoader.resolve(file: file(), environment: [:], overrides: LLMOverrides(profile: "nope"))) {
            XCTAssertEqual("\($0)", "profile 'nope' is not defined in /cfg/config.toml (profiles: gpt-oss, llama3)")
        }
        XCTAssertThrowsError(try LLMConfigParser.parse("[profiles.x]\napi_key = \"sk-1\"\n", path: "c.toml")) {
            XCTAssertTrue("\($0)".contains("API keys are not read from files"), "\($0)")
        }
        XCTAssertThrowsError(try LLMConfigParser.parse("[profiles.x]\nmodel = \"a\"\n", path: "c.toml")) {
            XCTAssertTrue("\($0)".contains("unknown key 'model'"), "\($0)")
        }
        XCTAssertThrowsError(try LLMConfigParser.parse("[profiles.x]\nnum_ctx = \"big\"\n", path: "c.toml")) {
            XCTAssertTrue("\($0)".contains("num_ctx must be a positive whole number"), "\($0)")
        }
        XCTAssertThrowsError(try LLMConfigParser.parse("profile = [", path: "c.toml")) {
            XCTAssertTrue("\($0)".contains("c.toml is not valid TOML"), "\($0)")
        }
        XCTAssertThrowsError(try LLMConfigLoader.resolve(file: nil, environment: ["RECALL_PROVIDER": "bard"], overrides: LLMOverrides())) {
            XCTAssertTrue("\($0)".contains("use ollama or openai"))
        }
        XCTAssertThrowsError(try LLMConfigLoader.resolve(file: nil, environment: [:], overrides: LLMOverrides(provider: "openai"))) {
            XCTAssertTrue("\($0)".contains("--base-url"))
        }
    }

    func testConfigFileIsFoundUnderXDGConfigHome() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("recall"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try toml.write(to: dir.appendingPathComponent("recall/config.toml"), atomically: true, encoding: .utf8)
        let profile = try LLMConfigLoader.load(environment: ["XDG_CONFIG_HOME": dir.path], overrides: LLMOverrides())
        XCTAssertEqual(profile.chatModel, "llama3.1:8b")
    }

    func testServicesReadTheKeyFromTheNamedVariableAndSplitEmbeddingServer() throws {
        let profile = try LLMConfigLoader.resolve(file: file(), environment: ["RECALL_PROFILE": "gpt-oss"], overrides: LLMOverrides())
        let services = LLMServices(profile: profile, environment: ["MY_KEY": "k-123"])
        XCTAssertEqual(services.chat.kind, .openai)
        XCTAssertEqual(services.embed.baseURL, "http://127.0.0.1:8081")
        XCTAssertEqual(services.embedder.model, "smollm2")
        let settings = (services.chat as? OpenAICompatibleProvider)?.settings
        XCTAssertEqual(settings?.apiKey, "k-123")
        XCTAssertFalse("\(settings!)".contains("k-123"))
    }

    func testModelChoicesSplitChatAndEmbeddingModels() async throws {
        let sim = try OllamaSimulator()
        defer { sim.stop() }
        let profile = try LLMConfigLoader.resolve(file: nil, environment: [:], overrides: LLMOverrides(baseURL: sim.baseURL))
        let choices = try await LLMServices(profile: profile, environment: [:]).modelChoices()
        XCTAssertEqual(choices.chat.map(\.name), ["llama3.2:latest", "qwen3:latest"])
        XCTAssertEqual(choices.embedding.map(\.name), ["nomic-embed-text:latest"])
        XCTAssertEqual(choices.currentChat, "llama3.2")
        // Picking another chat model changes the requests, not the server or the embeddings.
        let picked = LLMServices(profile: profile, environment: [:]).switching(chatModel: "qwen3:latest")
        XCTAssertEqual(picked.chatRequest([.user("hi")]).model, "qwen3:latest")
        XCTAssertEqual(picked.embedder.model, "nomic-embed-text")
        let answer = try await picked.chat.chatStream(picked.chatRequest([.user("hi")])).collect()
        XCTAssertEqual(answer.summary.model, "qwen3:latest")
    }
}
