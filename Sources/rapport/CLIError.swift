import ArgumentParser
import Instruments
import Store

/// sysexits-style exit codes.
enum Exit {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let software: Int32 = 70
    static let ioError: Int32 = 74
    /// EX_NOPERM: a wrong current passphrase.
    static let noPermission: Int32 = 77
}

/// An error the CLI reports as one line on stderr with an exit code.
struct CLIError: Error {
    var message: String
    var code: Int32
    init(_ message: String, code: Int32) {
        self.message = message
        self.code = code
    }
}

/// Maps library errors to one-line messages and exit codes.
func cliError(_ error: any Error) -> CLIError {
    switch error {
    case let e as CLIError: return e
    case let e as StoreError:
        switch e {
        case .invalidClientID, .invalid: return CLIError(e.description, code: Exit.usage)
        case .noSuchClient, .notInitialized: return CLIError(e.description, code: Exit.noInput)
        case .io, .locked: return CLIError(e.description, code: Exit.ioError)
        case .corrupt, .newerSchema, .conflict, .clientExists, .tampered:
            return CLIError(e.description, code: Exit.dataError)
        case .duplicateRecord:
            return CLIError(e.description + "; use --replace to correct it", code: Exit.dataError)
        case .signInFailed, .notPermitted: return CLIError(e.description, code: Exit.noPermission)
        case .sealed:
            // The command read without the keys of a signed-in account (nothing was written).
            return CLIError(
                e.description + " (sign in with --as ID where the command offers it)", code: Exit.noPermission)
        }
    case let e as InstrumentError:
        switch e {
        case .unknown: return CLIError(e.description, code: Exit.usage)
        case .unreadable: return CLIError(e.description, code: Exit.noInput)
        case .missingFolder:
            // Only a RAPPORT_ASSETS without instruments/ or prompts/ gets here (the other places
            // are looked for with their instruments).
            return CLIError(e.description + " (set RAPPORT_ASSETS to the assets folder)", code: Exit.noInput)
        default: return CLIError(e.description, code: Exit.dataError)
        }
    case let e as AnswerError: return CLIError(e.description, code: Exit.dataError)
    default: return CLIError("\(error)", code: Exit.software)
    }
}

/// Runs a command body, turning any error into one line on stderr (`<prefix>: <message>`) and
/// its sysexits code. Every command reports through here, so the CLI has one error style.
func reporting(_ prefix: String = "rapport", _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let e = cliError(error)
        writeStderr("\(prefix): \(e.message)")
        throw ExitCode(e.code)
    }
}
