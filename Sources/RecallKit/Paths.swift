import Foundation

/// Where Recall finds its bundled data (sample notebooks, themes, keymaps) and the user's config.
public enum RecallPaths {
    /// Finds a bundled resource folder: `$RECALL_HOME/NAME`, else the nearest `NAME` folder above the executable
    /// (so a build in `.build/debug/recall` finds the repository's folders), else `/usr/local/share/recall/NAME`.
    public static func resource(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let home = environment["RECALL_HOME"], !home.isEmpty { candidates.append(home + "/" + name) }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent(name).path)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/" + name)
        candidates.append("/usr/local/share/recall/" + name)
        var isDir: ObjCBool = false
        return candidates.first { FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue }
    }

    /// `$XDG_CONFIG_HOME/recall` (default `~/.config/recall`).
    public static func configDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/recall"
    }
}
