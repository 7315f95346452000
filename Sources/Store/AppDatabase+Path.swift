import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a command opens the database.
public enum DatabaseAccess: Sendable, Equatable {
    /// Creates the file (and its folder) when missing and migrates it: commands that write.
    case readWrite
    /// Opens an existing file without ever writing to it (no WAL switch, no migration when the schema is
    /// current), so reads work on a read-only file and never wait for another process's write lock.
    case readOnly
}

/// What a database path points at, decided with `stat`/`lstat` before SQLite (or a blocking `open`) touches it.
enum DatabasePathKind: Equatable {
    /// A regular file (possibly through a symbolic link).
    case file
    /// Nothing there yet; `folderExists` says whether its folder does.
    case missing(folderExists: Bool)

    /// Classifies `path`, throwing a `StoreError.badPath` that names the real problem for anything that is not a
    /// regular file or a missing one (a folder, a fifo, a device, a symbolic link loop, a dangling link…).
    static func check(_ path: String) throws -> DatabasePathKind {
        if path.isEmpty {
            throw StoreError.badPath(path: path, reason: "the database path is empty — pass a file path with --db or RECALL_DB")
        }
        var st = stat()
        if stat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG: return .file
            case S_IFDIR:
                throw StoreError.badPath(path: path, reason: "\(path) is a folder, not a database file — point --db at a file, e.g. \((path as NSString).appendingPathComponent("recall.db"))")
            case S_IFIFO:
                throw StoreError.badPath(path: path, reason: "\(path) is a fifo (named pipe), not a database file — point --db at a regular file")
            case S_IFCHR, S_IFBLK:
                throw StoreError.badPath(path: path, reason: "\(path) is a device, not a database file — point --db at a regular file")
            case S_IFSOCK:
                throw StoreError.badPath(path: path, reason: "\(path) is a socket, not a database file — point --db at a regular file")
            default:
                throw StoreError.badPath(path: path, reason: "\(path) is not a regular file — point --db at a database file")
            }
        }
        let err = errno
        switch err {
        case ELOOP:
            throw StoreError.badPath(path: path, reason: "\(path) is a loop of symbolic links — fix or remove the link, or point --db elsewhere")
        case ENOTDIR:
            throw StoreError.badPath(path: path, reason: "a part of \(path) is a file, not a folder — point --db at a path inside a folder")
        case EACCES:
            throw StoreError.badPath(path: path, reason: "permission denied on a folder of \(path) — point --db at a place you can read")
        case ENAMETOOLONG:
            throw StoreError.badPath(path: path, reason: "the database path is too long — use a shorter --db")
        case ENOENT:
            var link = stat()
            if lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                throw StoreError.badPath(path: path, reason: "\(path) is a symbolic link to \(target), which does not exist — fix the link or point --db elsewhere")
            }
            let folder = (path as NSString).deletingLastPathComponent
            var dir = stat()
            let folderExists = folder.isEmpty || (stat(folder, &dir) == 0 && (dir.st_mode & S_IFMT) == S_IFDIR)
            return .missing(folderExists: folderExists)
        default:
            throw StoreError.badPath(path: path, reason: "cannot look at \(path): \(String(cString: strerror(err))) — point --db elsewhere")
        }
    }
}
