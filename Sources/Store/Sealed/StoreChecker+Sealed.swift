import Foundation

extension StoreChecker {
    /// In a sealed directory: a clinical file sealed to another therapist than the client's (an
    /// interrupted `client assign`: run it again), and leftovers of an interrupted `migrate`.
    func sealingProblems(_ id: ClientID, therapist: String?) -> [StoreProblem] {
        var problems: [StoreProblem] = []
        let layout = store.layout
        for dir in [layout.client(id), layout.records(id), layout.drafts(id)] {
            for name in (try? store.fs.list(dir)) ?? [] where name.hasPrefix(".") && name.hasSuffix(".sealed") {
                problems.append(
                    StoreProblem(
                        path: dir + "/" + name,
                        reason: "sealed copy of an unfinished migrate (run rapport migrate again)",
                        isWarning: true))
            }
        }
        guard store.isSealed(), let paths = try? store.clinicalFiles(id) else { return problems }
        for path in paths {
            guard let data = try? store.fs.read(path),
                let envelope = try? StoreCoding.decoder().decode(SealedEnvelope.self, from: data),
                let to = envelope.sealedTo
            else { continue }
            if to.rawValue != therapist {
                problems.append(
                    StoreProblem(
                        path: path,
                        reason:
                            "sealed to therapist \(to), not to the client's therapist \(therapist ?? "(none)") "
                            + "(an interrupted client assign? run it again)"))
            }
        }
        return problems
    }
}
