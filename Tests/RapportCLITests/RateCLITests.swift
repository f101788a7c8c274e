import Foundation
import TestSupport
import Testing

/// The interactive commands driven through `--plain` with answers piped in.
@Suite("rate, kiosk and session commands", .serialized)
struct RateCLITests {
    let dir: TemporaryDirectory
    let d: [String]

    init() throws {
        dir = try TemporaryDirectory()
        d = ["--data-dir", dir.appending("data")]
    }

    func setUp(passphrase: Bool = true) throws {
        #expect(try runRapport(["init", "--unsealed"] + d).status == 0)
        if passphrase {
            let p = try runRapport(["init", "--passphrase-stdin"] + d, stdin: "a long passphrase\n")
            #expect(p.status == 0)
            #expect(p.stdout.contains("Therapist passphrase set."))
        }
        #expect(try runRapport(["client", "add", "C1", "--therapist", "Dr Lee"] + d).status == 0)
    }

    @Test func plainRatePipesAnswersAndSavesTheRecord() throws {
        defer { dir.remove() }
        try setUp()
        // Intro, 12 answers, change item 3 to 4 on the review, submit, finish.
        let input = "\n4\n5\n3\n2\n4\n5\n3\n4\n2\n4\n5\n3\n3\n4\n\n\n"
        let r = try runRapport(["rate", "--client", "C1", "--battery", "wai-sr", "--plain"] + d, stdin: input)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.contains("Item 1 of 12 · questionnaire 1 of 1"))
        #expect(r.stdout.contains("3. I believe Dr Lee likes me. — 4 Very often"))
        #expect(r.stdout.contains("Thank you. Your answers have been saved."))
        let csv = try runRapport(["export", "--format", "csv"] + d)
        #expect(csv.stdout.contains(",wai-sr,1.0.0,bond,3.25,"))  // items 3, 5, 7, 9: 4, 4, 3, 2
        let items = try runRapport(["export", "--format", "csv", "--items"] + d)
        #expect(items.status == 0)
        let json = try runRapport(["export", "--format", "json"] + d)
        #expect(json.stdout.contains("\"answers\":[4,5,4,2,4,5,3,4,2,4,5,3]"))
        #expect(json.stdout.contains("\"source\":\"rate\""))
    }

    @Test func plainRateResumesAfterInputEnds() throws {
        defer { dir.remove() }
        try setUp()
        let first = try runRapport(["rate", "--client", "C1", "--battery", "gad-7", "--plain"] + d, stdin: "\n1\n2\n")
        #expect(first.status == 0)
        #expect(first.stderr == "rapport: input ended; the answers so far are kept in a draft\n")
        let second = try runRapport(
            ["rate", "--client", "C1", "--battery", "gad-7", "--plain"] + d, stdin: "3\n0\n1\n2\n3\n\n\n")
        #expect(second.status == 0)
        #expect(second.stdout.hasPrefix("\nItem 3 of 7"))
        let csv = try runRapport(["export", "--format", "csv"] + d)
        #expect(csv.stdout.contains(",gad-7,1.0.0,total,12,moderate,true,"))
    }

    @Test func riskAnswerGivesTheCalmMessage() throws {
        defer { dir.remove() }
        try setUp()
        let r = try runRapport(
            ["rate", "--client", "C1", "--battery", "phq-9", "--plain"] + d,
            stdin: "\n0\n0\n0\n0\n0\n0\n0\n0\n1\n\n\na long passphrase\n")
        #expect(r.status == 0)
        // The same words as for any client (an onlooker cannot tell), with the support sentence.
        #expect(!r.stdout.contains("Your therapist will talk with you about how you are doing today."))
        #expect(
            r.stdout.contains(
                "If anything in these questions troubles you, you can talk about it with your therapist today."))
        #expect(!r.stdout.contains("total"))  // no scores for the client by default
    }

    @Test func therapistRater() throws {
        defer { dir.remove() }
        try setUp()
        let r = try runRapport(
            ["rate", "--client", "C1", "--rater", "therapist", "--plain"] + d,
            stdin: "\n" + String(repeating: "4\n", count: 12) + "\n\n")
        #expect(r.status == 0)
        let csv = try runRapport(["export", "--format", "csv"] + d)
        #expect(csv.stdout.contains(",therapist,wai-sr-therapist,"))
    }

    @Test func errorsAreOneLine() throws {
        defer { dir.remove() }
        try setUp(passphrase: false)
        // Without a passphrase a client's rate does not start (nobody could lock it).
        let noPassphrase = try runRapport(["rate", "--client", "C1", "--plain"] + d, stdin: "\n1\n")
        #expect(noPassphrase.status == 64)
        #expect(
            noPassphrase.stderr
                == "rapport: rating by a client needs a therapist passphrase (leaving the questions asks for it); set one with 'rapport init' on a terminal or 'rapport init --passphrase-stdin'\n"
        )
        #expect(noPassphrase.stdout.isEmpty)
        let unknown = try runRapport(["rate", "--client", "C9", "--plain"] + d)
        #expect(unknown.status == 66)
        #expect(unknown.stderr == "rapport: no client C9 in this data directory\n")
        let badBattery = try runRapport(["rate", "--client", "C1", "--battery", "nope", "--plain"] + d)
        #expect(badBattery.status == 64)
        #expect(badBattery.stderr == "rapport: unknown instrument 'nope' in --battery\n")
        let wrongRater = try runRapport(
            ["rate", "--client", "C1", "--rater", "therapist", "--battery", "wai-sr", "--plain"] + d)
        #expect(wrongRater.status == 64)
        #expect(wrongRater.stderr == "rapport: wai-sr is filled in by the client, not the therapist\n")
        let kiosk = try runRapport(["kiosk", "--plain"] + d)
        #expect(kiosk.status == 64)
        #expect(kiosk.stderr.hasPrefix("rapport: kiosk mode needs a therapist passphrase"))
        let dumb = try runRapport(["kiosk"] + d, environment: ["TERM": "dumb"])
        #expect(dumb.status == 64)
        let home = try runRapport(d)
        #expect(home.status == 64)
        #expect(
            home.stderr
                == "rapport: the home menu needs a terminal (or --plain); see 'rapport --help' for the commands\n")
        let idle = try runRapport(["rate", "--client", "C1", "--idle", "2"] + d)
        #expect(idle.status == 64)
        #expect(try runRapport(["init", "--passphrase-stdin"] + d, stdin: "a long passphrase\n").status == 0)
        let noTTY = try runRapport(["rate", "--client", "C1"] + d)
        #expect(noTTY.status == 64)
        #expect(noTTY.stderr == "rapport: standard input and output must be a terminal; use --plain for line prompts\n")
    }

    @Test func passphraseIsStoredHashedAndChecked() throws {
        defer { dir.remove() }
        #expect(try runRapport(["init", "--unsealed"] + d).status == 0)
        let short = try runRapport(["init", "--passphrase-stdin"] + d, stdin: "short\n")
        #expect(short.status == 64)
        #expect(short.stderr == "rapport: the passphrase must have at least 8 characters\n")
        #expect(try runRapport(["init", "--passphrase-stdin"] + d, stdin: "a long passphrase\n").status == 0)
        let config = try String(contentsOfFile: dir.appending("data/rapport.json"), encoding: .utf8)
        #expect(!config.contains("a long passphrase"))
        #expect(config.contains("pbkdf2-sha256"))
    }

    @Test func kioskCodeOpensTheBatteryAndPassphraseLeaves() throws {
        defer { dir.remove() }
        try setUp()
        #expect(try runRapport(["client", "edit", "C1", "--battery", "gad-7"] + d).status == 0)
        let made = try runRapport(["session", "code", "--client", "C1"] + d)
        #expect(made.status == 0)
        let code = try #require(made.stdout.split(separator: " ").first { $0.count == 6 && $0.allSatisfy(\.isNumber) })
        let codes = try FileManager.default.contentsOfDirectory(atPath: dir.appending("data/codes"))
        let stored = try String(contentsOfFile: dir.appending("data/codes/\(codes[0])"), encoding: .utf8)
        #expect(!stored.contains(String(code)))
        let input = "000000\n\(code)\n\n1\n1\n1\n1\n1\n1\n1\n\n\n\(code)\nq\nwrong pass\nq\na long passphrase\n"
        let r = try runRapport(["kiosk", "--plain"] + d, stdin: input)
        #expect(r.status == 0)
        #expect(r.stdout.contains("! This code was not recognised. Please check it and try again."))
        #expect(r.stdout.contains("Thank you. Your answers have been saved."))
        #expect(r.stdout.contains("! Wrong passphrase."))
        // The second use of the same code is refused.
        #expect(r.stdout.components(separatedBy: "This code was not recognised").count == 3)
        #expect(!r.stdout.contains("C1"))
        let json = try runRapport(["export", "--format", "json"] + d)
        #expect(json.stdout.contains("\"source\":\"kiosk\""))
    }

    @Test func homeMenuInPlainMode() throws {
        defer { dir.remove() }
        try setUp()
        // Start rating asks for the passphrase first; the battery ends on the lock; the
        // passphrase returns to the menu; 6 quits.
        #expect(try runRapport(["client", "edit", "C1", "--battery", "gad-7"] + d).status == 0)
        let input =
            "1\nwrong pass\na long passphrase\nC1\n\n" + String(repeating: "1\n", count: 7)
            + "\n\na long passphrase\n6\n"
        let r = try runRapport(["--plain"] + d + ["--idle", "60"], stdin: input)
        #expect(r.status == 0)
        #expect(r.stdout.contains("1. Start rating for a client"))
        #expect(r.stdout.contains("! Wrong passphrase."))
        #expect(r.stdout.contains("Thank you. Please hand the terminal back to your therapist."))
        #expect(r.stdout.components(separatedBy: "Choose 1–6 (q to quit)").count == 3)
        let csv = try runRapport(["export", "--format", "csv"] + d)
        #expect(csv.stdout.contains(",gad-7,"))
    }

    @Test func homeMenuWithoutAPassphraseExplainsInsteadOfExiting() throws {
        defer { dir.remove() }
        try setUp(passphrase: false)
        let r = try runRapport(["--plain"] + d, stdin: "2\n3\n1\n6\n")
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.components(separatedBy: "No therapist passphrase is set yet.").count == 4)
    }

    @Test func homeMenuAddsAClientAndMakesAKioskCode() throws {
        defer { dir.remove() }
        try setUp()
        let r = try runRapport(
            ["--plain"] + d, stdin: "4\na long passphrase\nC7\nDr Kaur\n\n5\na long passphrase\nC7\n\n6\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains("Client C7 was added (therapist: Dr Kaur)."))
        #expect(r.stdout.contains("Kiosk code for C7: "))
        let list = try runRapport(["client", "list"] + d)
        #expect(list.stdout.contains("C7"))
    }

    @Test func rateRefusesToStartWhenTheDraftCannotBeWritten() throws {
        defer { dir.remove() }
        try setUp()
        // An immutable drafts folder: nothing can be written in it, even by root. Where the file
        // system has no such attribute the in-process test (StoreEffectsTests) covers the refusal.
        let drafts = dir.appending("data/clients/C1/drafts")
        try FileManager.default.createDirectory(atPath: drafts, withIntermediateDirectories: true)
        let chattr = Process()
        chattr.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        chattr.arguments = ["+i", drafts]
        guard (try? chattr.run()) != nil else { return }
        chattr.waitUntilExit()
        guard chattr.terminationStatus == 0 else { return }
        defer {
            let undo = Process()
            undo.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
            undo.arguments = ["-i", drafts]
            try? undo.run()
            undo.waitUntilExit()
        }
        let r = try runRapport(["rate", "--client", "C1", "--battery", "gad-7", "--plain"] + d, stdin: "\n1\n")
        #expect(r.status == 74)
        #expect(r.stdout.isEmpty)  // nothing asked
        #expect(r.stderr.hasPrefix("rapport: cannot save answers in the data directory ("))
        #expect(r.stderr.hasSuffix("); nothing was asked\n"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func sessionCodeMinutesMustBePositive() throws {
        defer { dir.remove() }
        try setUp()
        for bad in ["-5", "0", "1441", "soon"] {
            let r = try runRapport(["session", "code", "--client", "C1", "--minutes", bad] + d)
            #expect(r.status == 64, "\(bad)")
            #expect(
                r.stderr == "rapport: --minutes must be a positive whole number of minutes, from 1 to 1440\n", "\(bad)")
        }
    }

    /// When the instrument files cannot be read (here a damaged shipped file) `session code` fails
    /// before making a code: nothing is printed as a code, and no code file is left behind.
    @Test func sessionCodeWithoutInstrumentsMakesNoCode() throws {
        defer { dir.remove() }
        try setUp()
        let assets = dir.appending("assets")
        try FileManager.default.copyItem(
            atPath: Fixtures.repositoryRoot.appendingPathComponent("assets").path, toPath: assets)
        try Data("{".utf8).write(to: URL(fileURLWithPath: assets + "/instruments/phq-9.json"))
        let r = try runRapport(["session", "code", "--client", "C1"] + d, environment: ["RAPPORT_ASSETS": assets])
        #expect(r.status != 0)
        #expect(!r.stdout.contains("Kiosk code"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        let codes = dir.appending("data/codes")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: codes)) ?? []
        #expect(left.filter { !$0.hasPrefix(".") }.isEmpty, "\(left)")
    }

    /// `RAPPORT_ASSETS` naming a folder without `instruments/`: every command that loads the
    /// instruments says so in one line naming the folder, exits EX_NOINPUT (66) and writes nothing
    /// (no kiosk code, no record), instead of working with no instruments at all.
    @Test func assetsWithoutInstrumentsIsOneClearError() throws {
        defer { dir.remove() }
        try setUp()
        let assets = dir.appending("assets")
        try FileManager.default.createDirectory(atPath: assets, withIntermediateDirectories: false)
        func snapshot() throws -> [String: Data] {
            let root = dir.appending("data")
            var files: [String: Data] = [:]
            for case let name as String in FileManager.default.enumerator(atPath: root)! {
                var isDirectory: ObjCBool = false
                let path = root + "/" + name
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                files[name] = isDirectory.boolValue ? Data() : try Data(contentsOf: URL(fileURLWithPath: path))
            }
            return files
        }
        let before = try snapshot()
        let commands: [[String]] = [
            ["session", "code", "--client", "C1"], ["session", "code", "--client", "C1", "--again"],
            ["rate", "--client", "C1", "--plain"],
            ["record", "--client", "C1", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,0"],
            ["instruments", "list"], ["client", "list"], ["analyze"], ["export", "--format", "redcap"],
            ["score", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,0"],
        ]
        for command in commands {
            let r = try runRapport(command + d, stdin: "\n", environment: ["RAPPORT_ASSETS": assets])
            #expect(r.status == 66, "\(command)")
            #expect(r.stdout.isEmpty, "\(command)")
            #expect(
                r.stderr == "rapport: instruments/ not found in \(assets) (set RAPPORT_ASSETS to the assets folder)\n",
                "\(command)")
        }
        #expect(try snapshot() == before)
    }

    /// `RAPPORT_ASSETS` with instruments but without `prompts/`: the commands that show repair
    /// prompts say so (one line, exit 66) instead of showing none.
    @Test func assetsWithoutPromptsIsOneClearError() throws {
        defer { dir.remove() }
        try setUp()
        let assets = dir.appending("assets")
        try FileManager.default.createDirectory(atPath: assets, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: Fixtures.instrumentsDirectory.path, toPath: assets + "/instruments")
        let r = try runRapport(["analyze"] + d, stdin: "\n", environment: ["RAPPORT_ASSETS": assets])
        #expect(r.status == 66)
        #expect(r.stderr == "rapport: prompts/ not found in \(assets) (set RAPPORT_ASSETS to the assets folder)\n")
        #expect(try runRapport(["analyze"] + d, stdin: "\n").status == 0)
    }

    @Test func aSecondCodeOnADoneDaySaysWhatHappenedAndAgainAsksAgain() throws {
        defer { dir.remove() }
        try setUp()
        #expect(try runRapport(["client", "edit", "C1", "--battery", "gad-7"] + d).status == 0)
        func code(_ extra: [String] = []) throws -> (String, String) {
            let made = try runRapport(["session", "code", "--client", "C1"] + extra + d)
            #expect(made.status == 0)
            let digits = made.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" })
                .first { $0.count == 6 && $0.allSatisfy(\.isNumber) }
            return (digits.map { String($0) } ?? "", made.stdout)
        }
        let (first, _) = try code()
        let seven = String(repeating: "1\n", count: 7)
        var r = try runRapport(["kiosk", "--plain"] + d, stdin: "\(first)\n\n\(seven)\n\nq\na long passphrase\n")
        #expect(r.status == 0)
        let (second, said) = try code()
        #expect(said.contains("Today's questionnaires for C1 are already answered"))
        r = try runRapport(["kiosk", "--plain"] + d, stdin: "\(second)\nq\na long passphrase\n")
        #expect(
            r.stdout.contains("! Today's questionnaires were already answered, so there is nothing to fill in now."))
        #expect(!r.stdout.contains("Your answers have been saved"))
        let (third, _) = try code(["--again"])
        let twos = String(repeating: "2\n", count: 7)
        r = try runRapport(["kiosk", "--plain"] + d, stdin: "\(third)\n\n\(twos)\n\nq\na long passphrase\n")
        #expect(r.stdout.contains("Your answers have been saved"))
        let csv = try runRapport(["export", "--format", "csv"] + d)
        #expect(csv.stdout.contains(",gad-7,1.0.0,total,14,"))  // the new answers supersede the first
        #expect(!csv.stdout.contains(",gad-7,1.0.0,total,7,"))
    }

    @Test func plainHelpListsCommandsAndNotUnderstoodDropsTheStaleNotice() throws {
        defer { dir.remove() }
        try setUp()
        let r = try runRapport(
            ["rate", "--client", "C1", "--battery", "gad-7", "--plain"] + d, stdin: "\n9\nxyz\n?\n")
        #expect(r.stdout.contains("! Choose 0–3."))
        // After "xyz": only "Not understood", not the earlier "Choose 0–3" again.
        let after = try #require(
            r.stdout.components(separatedBy: "Not understood; type ? and Enter for the commands.\n").last)
        let reprinted = try #require(after.components(separatedBy: "? for commands").first)
        #expect(reprinted.contains("Answer 0–3"))
        #expect(!reprinted.contains("! Choose 0–3."))
        #expect(r.stdout.contains("Commands (type one, then Enter):"))
        #expect(r.stdout.contains("  b  go back"))
        #expect(!r.stdout.contains("↑ ↓"))
    }

    @Test func helpListsTheNewCommands() throws {
        let r = try runRapport(["--help"])
        for command in ["rate", "kiosk", "session"] {
            #expect(r.stdout.contains("  \(command)"))
        }
        #expect(!r.stdout.contains("bench-keys"))
        dir.remove()
    }
}
