import Foundation
import PackagePlugin

/// Writes `RecallBuildCommit.swift` (the git commit the build comes from) into the plugin's work folder before every
/// build of the target that uses it, by running `scripts/build-info`. Outside a git checkout the commit is "unknown".
@main
struct BuildInfo: BuildToolPlugin {
    /// The one prebuild command: `/bin/sh scripts/build-info PACKAGE_DIR OUTPUT_DIR`.
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated")
        let script = context.package.directoryURL.appendingPathComponent("scripts/build-info")
        return [.prebuildCommand(
            displayName: "Recording the git commit for recall --version",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [script.path, context.package.directoryURL.path, output.path],
            outputFilesDirectory: output
        )]
    }
}
